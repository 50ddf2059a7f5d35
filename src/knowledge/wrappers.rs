//! The project's own LLM layer as the user declares it (`[[wrappers]]` in
//! the configuration): functions that send a request, and which argument
//! carries what. The configuration reads them; the analysis uses them.

use crate::knowledge::providers::Provider;

/// An argument of a wrapper function: by keyword, or by position (0-based).
#[derive(Clone, Debug, PartialEq)]
pub enum ArgSpec {
    Keyword(String),
    Position(usize),
}

/// An in-house function declared as an API call.
#[derive(Clone, Debug, PartialEq)]
pub struct Wrapper {
    /// The dotted name the code imports it by (`myco.llm.complete`); a call
    /// matches when its qualified name ends with it.
    pub function: String,
    pub provider: Provider,
    pub operation: String,
    pub model: Option<ArgSpec>,
    pub max_tokens: Option<ArgSpec>,
    pub system: Option<ArgSpec>,
}
