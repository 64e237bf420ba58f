//! Schema errors as input errors: the deserializer over the [`Node`] tree is
//! [`crate::model::node_de`]; here its errors become diagnostics, and `append`/`remove`
//! on an unknown id get their advice.

use crate::diag::Diagnostic;
use crate::model::node::Pos;
pub use crate::model::node_de::{DeError, from_node};
use std::sync::Arc;

impl DeError {
    /// The input error it is, in `file` (at its start when serde gave no position).
    pub fn into_diagnostic(self, file: &Arc<str>) -> Diagnostic {
        let d = Diagnostic::input(
            self.pos.unwrap_or_else(|| Pos::file_start(file)),
            self.message,
        );
        match self.help {
            Some(help) => d.with_help(help),
            None => d,
        }
    }
}

/// The help for `append` or `remove` on an id that is not inherited: the closest
/// inherited id when one is close.
pub fn inherited_id_help<'a>(id: &str, inherited: impl IntoIterator<Item = &'a str>) -> String {
    match crate::hint::did_you_mean(id, inherited) {
        Some(m) => {
            format!("did you mean `{m}`? Only an inherited entry can be removed or appended to")
        }
        None => "check the id; only an inherited entry can be removed or appended to".into(),
    }
}
