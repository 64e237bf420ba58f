//! Ticket files as a stream of rows: CSV with the SPEC 9 columns (renamed through
//! `[helpdesk.columns]`), read record by record so memory never grows with the file.
//! Every row that cannot be read is an error naming its line and column; nothing here
//! decides what a ticket counts for.

use crate::model::schema::HelpdeskSection;
use std::collections::BTreeMap;

/// The largest ticket file read (16 GiB): far above a year of exports of a large helpdesk,
/// low enough that a wrong path to a disk image is refused before it is read.
pub const MAX_FILE_BYTES: u64 = 16 << 30;

/// One row that could not be read (or a file that could not): where, which column, why.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct RowError {
    /// Index of the file among `--tickets`.
    pub file: usize,
    pub line: u64,
    /// Where on the line (from 1, in characters); 0 when not known (shown as 1).
    pub col: u32,
    /// The column's header as the file writes it, if the error is about one.
    pub column: Option<String>,
    pub message: String,
}

/// One ticket as read, its text borrowed from the record.
#[derive(Debug)]
pub struct Row<'r> {
    pub line: u64,
    pub region: &'r str,
    pub channel: &'r str,
    pub priority: &'r str,
    pub tier: Option<&'r str>,
    pub created: i64,
    /// Per measure of the plan, when the ticket reached it.
    pub measures: &'r [Option<i64>],
    pub satisfaction: Option<bool>,
}

/// Where each column csstd reads is in a file's header.
#[derive(Debug)]
pub struct Columns {
    region: usize,
    channel: usize,
    priority: usize,
    created_at: usize,
    tier: Option<usize>,
    satisfaction: Option<usize>,
    measures: Vec<usize>,
    /// The header, for messages.
    names: Vec<String>,
}

/// The header a csstd column has in the files: `[helpdesk.columns]`, else its own name.
fn header_of<'a>(helpdesk: &'a HelpdeskSection, name: &'a str) -> &'a str {
    helpdesk
        .columns
        .as_ref()
        .and_then(|c| c.get(name))
        .map_or(name, String::as_str)
}

impl Columns {
    /// Finds the columns in a header; every column the plan needs must be there
    /// (`id`, `region`, `channel`, `priority`, `created_at`, one `<measure>_at` per measure).
    pub fn find(
        header: &csv::ByteRecord,
        measures: &[String],
        helpdesk: &HelpdeskSection,
        file: usize,
    ) -> Result<Columns, Vec<RowError>> {
        let mut errors = Vec::new();
        let mut names = Vec::with_capacity(header.len());
        for (i, field) in header.iter().enumerate() {
            match std::str::from_utf8(field) {
                Ok(s) => names.push(s.trim().to_owned()),
                Err(_) => {
                    errors.push(RowError {
                        file,
                        line: 1,
                        col: 0,
                        column: None,
                        message: format!("header field {} is not UTF-8", i + 1),
                    });
                    names.push(String::new());
                }
            }
        }
        let index: BTreeMap<&str, usize> = names
            .iter()
            .enumerate()
            .rev()
            .map(|(i, n)| (n.as_str(), i))
            .collect();
        let mut need = |name: &str| -> usize {
            let header = header_of(helpdesk, name);
            match index.get(header) {
                Some(&i) => i,
                None => {
                    let renamed = if header == name {
                        String::new()
                    } else {
                        format!(" (header `{header}`, from [helpdesk.columns])")
                    };
                    errors.push(RowError {
                        file,
                        line: 1,
                        col: 0,
                        column: Some(header.to_owned()),
                        message: format!(
                            "the header has no column `{name}`{renamed}; it is needed to measure the SLAs"
                        ),
                    });
                    0
                }
            }
        };
        let _id = need("id");
        let region = need("region");
        let channel = need("channel");
        let priority = need("priority");
        let created_at = need("created_at");
        let measures: Vec<usize> = measures.iter().map(|m| need(&format!("{m}_at"))).collect();
        let optional = |name: &str| index.get(header_of(helpdesk, name)).copied();
        let (tier, satisfaction) = (optional("tier"), optional("satisfaction"));
        if !errors.is_empty() {
            return Err(errors);
        }
        Ok(Columns {
            region,
            channel,
            priority,
            created_at,
            tier,
            satisfaction,
            measures,
            names,
        })
    }

    /// Does the file say how satisfied customers were?
    pub fn has_satisfaction(&self) -> bool {
        self.satisfaction.is_some()
    }

    /// Reads one record, its measures into `measures` (reused from row to row). `Err`
    /// names the column at fault.
    pub fn row<'r>(
        &self,
        record: &'r csv::ByteRecord,
        line: u64,
        file: usize,
        measures: &'r mut Vec<Option<i64>>,
    ) -> Result<Row<'r>, RowError> {
        let error = |column: usize, message: String| RowError {
            file,
            line,
            col: 0,
            column: self.names.get(column).cloned(),
            message,
        };
        let text = |column: usize| -> Result<&'r str, RowError> {
            let bytes = record.get(column).unwrap_or_default();
            std::str::from_utf8(bytes)
                .map(str::trim)
                .map_err(|_| error(column, "is not UTF-8".into()))
        };
        let created_text = text(self.created_at)?;
        if created_text.is_empty() {
            return Err(error(
                self.created_at,
                "is empty; every ticket has a creation time".into(),
            ));
        }
        let created = instant(created_text).map_err(|m| error(self.created_at, m))?;
        measures.clear();
        for &column in &self.measures {
            let t = text(column)?;
            if t.is_empty() {
                measures.push(None);
                continue;
            }
            let at = instant(t).map_err(|m| error(column, m))?;
            if at < created {
                return Err(error(
                    column,
                    format!("`{t}` is before `created_at` ({created_text})"),
                ));
            }
            measures.push(Some(at));
        }
        let satisfaction = match self.satisfaction {
            None => None,
            Some(column) => satisfaction(text(column)?).map_err(|m| error(column, m))?,
        };
        let tier = match self.tier {
            Some(column) => Some(text(column)?).filter(|t| !t.is_empty()),
            None => None,
        };
        Ok(Row {
            line,
            region: text(self.region)?,
            channel: text(self.channel)?,
            priority: text(self.priority)?,
            tier,
            created,
            measures,
            satisfaction,
        })
    }
}

/// An RFC 3339 timestamp with an offset, as UTC seconds (fractions of a second dropped).
pub fn instant(text: &str) -> Result<i64, String> {
    match text.parse::<jiff::Timestamp>() {
        Ok(t) => Ok(t.as_second()),
        Err(_) if text.parse::<jiff::civil::DateTime>().is_ok() => Err(format!(
            "`{}` has no UTC offset: write RFC 3339 with one, such as `2027-03-01T09:15:00+09:00` or `2027-03-01T00:15:00Z`",
            crate::hint::truncate(text)
        )),
        Err(_) => Err(format!(
            "`{}` is not an RFC 3339 timestamp such as `2027-03-01T09:15:00+09:00`",
            crate::hint::truncate(text)
        )),
    }
}

/// `good`/`bad`, or a score 1–5 where 4 and 5 are good; empty when not asked.
pub fn satisfaction(text: &str) -> Result<Option<bool>, String> {
    match text.to_ascii_lowercase().as_str() {
        "" => Ok(None),
        "good" | "4" | "5" => Ok(Some(true)),
        "bad" | "1" | "2" | "3" => Ok(Some(false)),
        _ => Err(format!(
            "`{}` is not a satisfaction value: write `good` or `bad`, or a score from 1 to 5",
            crate::hint::truncate(text)
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::{instant, satisfaction};

    #[test]
    fn timestamps_need_an_offset() {
        assert_eq!(instant("1970-01-01T01:00:00+01:00"), Ok(0));
        assert_eq!(instant("1970-01-01T00:00:10Z"), Ok(10));
        assert!(
            instant("2027-03-01T09:15:00")
                .unwrap_err()
                .contains("no UTC offset")
        );
        assert!(
            instant("yesterday")
                .unwrap_err()
                .contains("not an RFC 3339")
        );
    }

    #[test]
    fn satisfaction_is_good_bad_or_a_score() {
        assert_eq!(satisfaction("Good"), Ok(Some(true)));
        assert_eq!(satisfaction("3"), Ok(Some(false)));
        assert_eq!(satisfaction(""), Ok(None));
        assert!(satisfaction("meh").is_err());
    }
}
