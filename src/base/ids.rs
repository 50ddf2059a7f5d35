//! The ids that name things across layers: an index into one list, typed so
//! that an expression id cannot be used as a file id. Each indexes its own
//! list (`files[file]`, `unit.exprs[e]`, `facts.calls[call]`) directly.

macro_rules! id {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Default)]
        #[derive(serde::Serialize, serde::Deserialize)]
        #[serde(transparent)]
        pub struct $name(usize);

        impl $name {
            pub const fn new(index: usize) -> Self {
                $name(index)
            }
            pub const fn index(self) -> usize {
                self.0
            }
            /// Every id of a list of `len` items, in order.
            pub fn all(len: usize) -> impl DoubleEndedIterator<Item = $name> + ExactSizeIterator + Clone {
                (0..len).map($name)
            }
        }

        impl From<usize> for $name {
            fn from(index: usize) -> Self {
                $name(index)
            }
        }

        impl std::fmt::Display for $name {
            fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
                self.0.fmt(f)
            }
        }

        impl<T> std::ops::Index<$name> for [T] {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.0]
            }
        }

        impl<T> std::ops::IndexMut<$name> for [T] {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.0]
            }
        }

        impl<T> std::ops::Index<$name> for Vec<T> {
            type Output = T;
            fn index(&self, id: $name) -> &T {
                &self[id.0]
            }
        }

        impl<T> std::ops::IndexMut<$name> for Vec<T> {
            fn index_mut(&mut self, id: $name) -> &mut T {
                &mut self[id.0]
            }
        }
    };
}

id! {
    /// A file of the run, by its place in the run's sorted file list
    /// (`Project::files`).
    FileId
}

id! {
    /// An expression of a lowered file (`ir::Unit::exprs`).
    ExprId
}

id! {
    /// A scope of a lowered file (`ir::Unit::scopes`): the module, a function,
    /// a class.
    ScopeId
}

id! {
    /// A request of a file's Facts (`Facts::calls`).
    CallId
}

id! {
    /// A client construction of a file's Facts (`Facts::clients`).
    ClientId
}

id! {
    /// A function of a file's Facts (`Facts::functions`).
    FunctionId
}

id! {
    /// A call that may send a request, of a file's Facts (`Facts::requests`).
    RequestId
}
