//! Participation: a standard is approved by the people it concerns.

use super::{Cx, Raw, Scope};

pub fn check(cx: &mut Cx<'_>) {
    let approvers = cx.std.approvers();
    if approvers.is_none_or(|a| a.is_empty()) {
        let at = approvers.map_or_else(|| cx.header(), |a| a.pos.clone());
        cx.push(
            Raw::new("participation/no-approvers", &at, "the standard has no `approvers`", Scope::Region)
                .help("add `approvers = [\"Head of Support\", \"Legal\"]` to [standard] (or to [culture] for a region)"),
        );
    }
}
