//! The ids that name things across layers.

/// A file of the run, by its place in the run's sorted file list.
pub type FileId = usize;
