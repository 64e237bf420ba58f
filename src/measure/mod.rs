//! `csstd measure`: ticket readers, business-time arithmetic and the attainment report
//! (SPEC 9). Reads ticket files and the typed standard; never writes a file.

pub mod clock;
pub mod plan;
pub mod print;
pub mod report;
pub mod tally;
pub mod tickets;
pub mod zendesk;

use rayon::prelude::*;
use std::path::PathBuf;
use tally::{Rules, Tally};
use tickets::{Columns, MAX_FILE_BYTES, RowError};

/// Records read before a batch is counted in parallel: enough to keep every thread busy,
/// few enough that memory stays flat however long the file is.
const BATCH: usize = 16_384;
/// Records one thread counts at a time.
const CHUNK: usize = 1_024;

/// One ticket file, with the name errors show.
#[derive(Debug, Clone)]
pub struct TicketFile {
    pub path: PathBuf,
    pub shown: String,
}

/// Counts every ticket file (in parallel across files and chunks) into one tally.
pub fn count(files: &[TicketFile], rules: &Rules<'_>, jobs: usize) -> Result<Tally, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| format!("cannot start {jobs} threads: {e}"))?;
    let tallies: Vec<Tally> = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(i, f)| count_file(i, f, rules))
            .collect()
    });
    let mut total = Tally::new(rules.plan);
    for t in tallies {
        total.merge(t);
    }
    Ok(total)
}

fn file_error(tally: &mut Tally, file: usize, message: String) {
    tally.error(RowError {
        file,
        line: 1,
        column: None,
        message,
    });
}

/// Counts one ticket file: CSV read as a stream, or Zendesk JSON by its extension.
fn count_file(index: usize, file: &TicketFile, rules: &Rules<'_>) -> Tally {
    let mut tally = Tally::new(rules.plan);
    let opened = std::fs::File::open(&file.path).and_then(|f| Ok((f.metadata()?, f)));
    let (meta, handle) = match opened {
        Ok(x) => x,
        Err(e) => {
            file_error(
                &mut tally,
                index,
                format!("cannot read {}: {e}", file.shown),
            );
            return tally;
        }
    };
    if !meta.is_file() {
        file_error(&mut tally, index, format!("{} is not a file", file.shown));
        return tally;
    }
    if meta.len() > MAX_FILE_BYTES {
        file_error(
            &mut tally,
            index,
            format!(
                "{} is {} bytes; ticket files are at most 16 GiB (split the export)",
                file.shown,
                meta.len()
            ),
        );
        return tally;
    }
    match file.path.extension().and_then(|e| e.to_str()) {
        Some("json") => return count_page(index, file, handle, rules, tally),
        Some("jsonl") => return count_lines(index, handle, rules, tally),
        _ => {}
    }
    let mut reader = csv::ReaderBuilder::new()
        .has_headers(true)
        .flexible(false)
        .from_reader(std::io::BufReader::with_capacity(1 << 20, handle));
    let header = match reader.byte_headers() {
        Ok(h) => h.clone(),
        Err(e) => {
            file_error(&mut tally, index, format!("cannot read the header: {e}"));
            return tally;
        }
    };
    let columns = match Columns::find(&header, &rules.plan.measures, rules.helpdesk, index) {
        Ok(c) => c,
        Err(errors) => {
            errors.into_iter().for_each(|e| tally.error(e));
            return tally;
        }
    };
    tally.has_satisfaction = columns.has_satisfaction();
    if rayon::current_num_threads() == 1 {
        let errors = read_batches(&mut reader, index, |batch, n| {
            count_batch(&mut tally, &batch[..n], &columns, index, rules);
            Some(batch)
        });
        add_read_errors(&mut tally, errors);
        return tally;
    }
    // With threads to spare, one reads the next batch while the others count this one;
    // counted batches go back to the reader, so records are allocated once.
    let (full, filled) = std::sync::mpsc::sync_channel::<(Batch, usize)>(2);
    let (give_back, returned) = std::sync::mpsc::channel::<Batch>();
    let errors = std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            read_batches(&mut reader, index, |batch, n| {
                full.send((batch, n)).ok()?;
                Some(returned.try_recv().unwrap_or_else(|_| new_batch()))
            })
        });
        for (batch, n) in filled {
            count_batch(&mut tally, &batch[..n], &columns, index, rules);
            let _ = give_back.send(batch);
        }
        reading.join().unwrap_or_else(|_| {
            let failed = RowError {
                file: index,
                line: 0,
                column: None,
                message: "reading the file failed".into(),
            };
            (vec![failed], 0)
        })
    });
    add_read_errors(&mut tally, errors);
    tally
}

/// Records with their line numbers.
type Batch = Vec<(u64, csv::ByteRecord)>;

/// A batch of records to read into, each with room for a typical row.
fn new_batch() -> Batch {
    (0..BATCH)
        .map(|_| (0, csv::ByteRecord::with_capacity(256, 16)))
        .collect()
}

/// Reads a CSV file's records into batches, handing each full one (and the last, with
/// how many records it holds) to `swap`, which returns the batch to fill next or `None`
/// to stop; returns the first records that could not be read, and how many more.
fn read_batches<R: std::io::Read>(
    reader: &mut csv::Reader<R>,
    index: usize,
    mut swap: impl FnMut(Batch, usize) -> Option<Batch>,
) -> (Vec<RowError>, u64) {
    let mut errors = Vec::new();
    let mut unlisted = 0;
    let mut batch = new_batch();
    let mut n = 0;
    loop {
        let (line, record) = &mut batch[n];
        match reader.read_byte_record(record) {
            Ok(true) => {
                *line = record.position().map_or(0, |p| p.line());
                n += 1;
                if n == BATCH {
                    match swap(batch, n) {
                        Some(next) => batch = next,
                        None => return (errors, unlisted),
                    }
                    n = 0;
                }
            }
            Ok(false) => break,
            Err(e) => {
                let line = e.position().map_or(0, |p| p.line());
                let message = match e.kind() {
                    csv::ErrorKind::UnequalLengths {
                        expected_len, len, ..
                    } => format!("the row has {len} fields; the header has {expected_len}"),
                    _ => e.to_string(),
                };
                let fatal = !matches!(e.kind(), csv::ErrorKind::UnequalLengths { .. });
                // Lines only grow: the first errors are the ones listed, the rest counted.
                let error = RowError {
                    file: index,
                    line,
                    column: None,
                    message,
                };
                if errors.len() < tally::MAX_LISTED {
                    errors.push(error);
                } else {
                    unlisted += 1;
                }
                if fatal {
                    break;
                }
            }
        }
    }
    swap(batch, n);
    (errors, unlisted)
}

/// Adds what reading found to the counted errors.
fn add_read_errors(tally: &mut Tally, (errors, unlisted): (Vec<RowError>, u64)) {
    errors.into_iter().for_each(|e| tally.error(e));
    tally.error_count += unlisted;
}

/// The field `[helpdesk.zendesk] region_field` names (`brand_id` by default).
fn region_field<'a>(rules: &'a Rules<'_>) -> &'a str {
    rules
        .helpdesk
        .zendesk
        .as_ref()
        .and_then(|z| z.region_field.as_deref())
        .unwrap_or("brand_id")
}

/// One page of the Zendesk export: `{"tickets": [...], "metric_sets": [...]}`. A page
/// holds at most 1,000 tickets, so it is read whole.
fn count_page(
    index: usize,
    file: &TicketFile,
    handle: std::fs::File,
    rules: &Rules<'_>,
    mut tally: Tally,
) -> Tally {
    let page: serde_json::Value = match serde_json::from_reader(std::io::BufReader::new(handle)) {
        Ok(v) => v,
        Err(e) => {
            tally.error(RowError {
                file: index,
                line: e.line() as u64,
                column: None,
                message: format!("not JSON: {e}"),
            });
            return tally;
        }
    };
    let Some(tickets) = page["tickets"].as_array() else {
        file_error(
            &mut tally,
            index,
            format!(
                "{} has no `tickets` array: expected a page of Zendesk's incremental ticket export",
                file.shown
            ),
        );
        return tally;
    };
    let side = zendesk::side_loaded(&page);
    tally.has_satisfaction = true;
    for t in tickets {
        let metrics = side.get(&t["id"].to_string()).copied();
        match zendesk::ticket(
            t,
            metrics,
            &rules.plan.measures,
            region_field(rules),
            index,
            1,
        ) {
            Ok(ticket) => tally.count(&ticket.row(), rules),
            Err(e) => tally.error(e),
        }
    }
    tally
}

/// Zendesk tickets one per line (`.jsonl`), read as a stream.
fn count_lines(index: usize, handle: std::fs::File, rules: &Rules<'_>, mut tally: Tally) -> Tally {
    use std::io::BufRead;
    tally.has_satisfaction = true;
    let reader = std::io::BufReader::with_capacity(1 << 20, handle);
    for (n, line) in reader.split(b'\n').enumerate() {
        let line_no = n as u64 + 1;
        let bytes = match line {
            Ok(b) => b,
            Err(e) => {
                tally.error(RowError {
                    file: index,
                    line: line_no,
                    column: None,
                    message: format!("cannot read: {e}"),
                });
                break;
            }
        };
        let Ok(text) = std::str::from_utf8(&bytes) else {
            tally.error(RowError {
                file: index,
                line: line_no,
                column: None,
                message: "is not UTF-8".into(),
            });
            continue;
        };
        if text.trim().is_empty() {
            continue;
        }
        let parsed = serde_json::from_str::<serde_json::Value>(text)
            .map_err(|e| RowError {
                file: index,
                line: line_no,
                column: None,
                message: format!("not a JSON ticket: {e}"),
            })
            .and_then(|t| {
                zendesk::ticket(
                    &t,
                    None,
                    &rules.plan.measures,
                    region_field(rules),
                    index,
                    line_no,
                )
            });
        match parsed {
            Ok(ticket) => tally.count(&ticket.row(), rules),
            Err(e) => tally.error(e),
        }
    }
    tally
}

fn count_batch(
    tally: &mut Tally,
    batch: &[(u64, csv::ByteRecord)],
    columns: &Columns,
    file: usize,
    rules: &Rules<'_>,
) {
    let parts: Vec<Tally> = batch
        .par_chunks(CHUNK)
        .map(|chunk| {
            let mut part = Tally::new(rules.plan);
            let mut measures = Vec::with_capacity(rules.plan.measures.len());
            for (line, record) in chunk {
                match columns.row(record, *line, file, &mut measures) {
                    Ok(row) => part.count(&row, rules),
                    Err(e) => part.error(e),
                }
            }
            part
        })
        .collect();
    for part in parts {
        tally.merge(part);
    }
}
