//! Yes, no, or what the code does not show.

/// Three-valued answers for what the code may or may not show.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Default)]
pub enum Tri {
    Yes,
    No,
    #[default]
    Unknown,
}
