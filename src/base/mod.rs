//! The bottom layer: small types every other layer shares (source text and
//! spans, ids, languages, paths, findings and edits, dollar figures, text as
//! a terminal may print it). Nothing here imports anything else of llmlint.

pub mod cost;
pub mod diagnostic;
pub mod ids;
pub mod language;
pub mod paths;
pub mod source;
pub mod text;
pub mod tri;
