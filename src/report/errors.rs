//! Input errors as the machine formats carry them (SPEC 7): what failed, where, and the
//! advice. Only gathers; the writers beside the findings writers format.

use crate::diag::ArgError;
use crate::load::InputErrors;
use crate::model::node::Pos;

/// A machine format a command can print its input errors in.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Format {
    Json,
    Sarif,
    Github,
}

/// One input error: its message, its position where one is known, and its advice.
#[derive(Debug, Clone, PartialEq)]
pub struct InputError {
    pub message: String,
    pub pos: Option<Pos>,
    pub help: Option<String>,
}

impl InputError {
    /// The message with its advice on a second line, for formats with one text field.
    pub fn text(&self) -> String {
        match &self.help {
            Some(help) => format!("{}\nhelp: {help}", self.message),
            None => self.message.clone(),
        }
    }
}

/// Every input error an error stands for: each diagnostic of [`InputErrors`], else one
/// error without a position (a bad argument, a missing project, a git failure).
pub fn gather(e: &anyhow::Error) -> Vec<InputError> {
    if let Some(input) = e.downcast_ref::<InputErrors>() {
        return input
            .diagnostics
            .iter()
            .map(|d| {
                // A note without a position qualifies the whole error ("in the project as
                // it was at revision ..."); a note with one needs a place no format has.
                let mut message = d.message.clone();
                for note in d.notes.iter().filter(|n| n.pos.is_none()) {
                    message.push_str(&format!(" ({})", note.message));
                }
                InputError {
                    message,
                    pos: Some(d.pos.clone()),
                    help: d.help.clone(),
                }
            })
            .collect();
    }
    // The chain as `{e:#}` prints it, with an `ArgError`'s advice taken out as `help`.
    let mut help = None;
    let parts: Vec<String> = e
        .chain()
        .map(|cause| match cause.downcast_ref::<ArgError>() {
            Some(a) => {
                help.clone_from(&a.help);
                a.message.clone()
            }
            None => cause.to_string(),
        })
        .collect();
    vec![InputError {
        message: parts.join(": "),
        pos: None,
        help,
    }]
}

#[cfg(test)]
mod tests {
    use super::{InputError, gather};
    use crate::diag::ArgError;

    #[test]
    fn an_argument_error_keeps_its_context_and_its_advice_apart() {
        let e = anyhow::Error::from(ArgError {
            message: "no region `x`".into(),
            help: Some("did you mean `y`?".into()),
        })
        .context("at revision `HEAD`");
        assert_eq!(
            gather(&e),
            [InputError {
                message: "at revision `HEAD`: no region `x`".into(),
                pos: None,
                help: Some("did you mean `y`?".into()),
            }]
        );
        assert_eq!(
            format!("{e:#}"),
            "at revision `HEAD`: no region `x`; did you mean `y`?"
        );
    }

    #[test]
    fn any_other_error_is_one_error_without_a_position() {
        let e = anyhow::anyhow!("inner").context("outer");
        let errors = gather(&e);
        assert_eq!(errors.len(), 1);
        assert_eq!(
            (errors[0].message.as_str(), &errors[0].pos, &errors[0].help),
            ("outer: inner", &None, &None)
        );
    }
}
