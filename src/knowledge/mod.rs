//! What llmlint knows about the world, as data: SDKs and frameworks and their
//! request calls, providers, models and prices, retry libraries, API-key
//! shapes, and the user's declared wrappers. The analysis reads it; the
//! prefilter derives its words from it.

pub mod agents;
pub mod models;
pub mod price_import;
pub mod providers;
pub mod retry_libs;
pub mod sdks;
pub mod secrets;
pub mod wrappers;
