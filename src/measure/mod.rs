//! `csstd measure`: ticket readers, business-time arithmetic and the attainment report
//! (SPEC 9). Reads ticket files and the typed standard; never writes a file.

pub mod chunks;
pub mod clock;
pub mod plan;
pub mod print;
pub mod report;
pub mod tally;
pub mod tickets;
pub mod zendesk;

use crate::load::json::{self, Json};
use crate::load::parse::LineIndex;
use crate::model::node::Pos;
use rayon::prelude::*;
use std::path::PathBuf;
use std::sync::Arc;
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

/// Counts every ticket file (in parallel across files, and within a file across batches
/// of CSV records or chunks of `.jsonl` lines of at least `chunk_bytes`) into one tally.
pub fn count(
    files: &[TicketFile],
    rules: &Rules<'_>,
    jobs: usize,
    chunk_bytes: usize,
) -> Result<Tally, String> {
    let pool = rayon::ThreadPoolBuilder::new()
        .num_threads(jobs.max(1))
        .build()
        .map_err(|e| format!("cannot start {jobs} threads: {e}"))?;
    let tallies: Vec<Tally> = pool.install(|| {
        files
            .par_iter()
            .enumerate()
            .map(|(i, f)| count_file(i, f, rules, chunk_bytes))
            .collect()
    });
    let mut total = Tally::new(rules.plan);
    for t in tallies {
        total.merge(t);
    }
    Ok(total)
}

fn file_error(tally: &mut Tally, file: usize, message: String) {
    tally.error(text_error(file, (1, 0), message));
}

/// An error at a place in a ticket file's text, about no column.
fn text_error(file: usize, (line, col): (u64, u32), message: String) -> RowError {
    RowError {
        file,
        line,
        col,
        column: None,
        message,
    }
}

/// Counts one ticket file: CSV read as a stream, or Zendesk JSON by its extension.
fn count_file(index: usize, file: &TicketFile, rules: &Rules<'_>, chunk_bytes: usize) -> Tally {
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
        Some("jsonl") => return count_lines(index, file, handle, rules, chunk_bytes, tally),
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
                col: 0,
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
                    col: 0,
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

/// A ticket that cannot be read, at its place: `line` and `col` of the value at fault.
fn fault_error(file: usize, (line, col): (u64, u32), fault: zendesk::Fault) -> RowError {
    RowError {
        file,
        line,
        col,
        column: Some(fault.column),
        message: fault.message,
    }
}

/// Line and column of a position in a file.
fn place(pos: &Pos) -> (u64, u32) {
    (u64::from(pos.line), pos.column)
}

/// Line and column in the file of a position in line `line_no` of a `.jsonl` file, read
/// alone.
fn in_line(line_no: u64, pos: &Pos) -> (u64, u32) {
    (line_no + u64::from(pos.line.saturating_sub(1)), pos.column)
}

/// The places of a page's tickets and side-loaded metric sets, found once the first
/// ticket proves unreadable (a valid page never needs them): the page is read again,
/// with positions.
struct PagePlaces<'t> {
    name: &'t Arc<str>,
    text: &'t str,
    tree: Option<Option<Json>>,
}

impl<'t> PagePlaces<'t> {
    fn new(name: &'t Arc<str>, text: &'t str) -> PagePlaces<'t> {
        PagePlaces {
            name,
            text,
            tree: None,
        }
    }

    /// Line and column of element `i` of `tickets` (or of `metric_sets`), or of the
    /// value at `path` inside it; of the element when the path leads nowhere.
    fn place(&mut self, sets: bool, i: usize, path: &[String]) -> (u64, u32) {
        let (name, text) = (self.name, self.text);
        let tree = self
            .tree
            .get_or_insert_with(|| json::parse(name, text).ok());
        let list = if sets { "metric_sets" } else { "tickets" };
        tree.as_ref()
            .and_then(|t| t.get(list)?.items()?.get(i))
            .map_or((1, 1), |item| place(&item.at(path).unwrap_or(item).pos))
    }
}

/// One page of the Zendesk export: `{"tickets": [...], "metric_sets": [...]}`. A page
/// holds at most 1,000 tickets, so it is read whole; an error names the line and column
/// of the value at fault.
fn count_page(
    index: usize,
    file: &TicketFile,
    mut handle: std::fs::File,
    rules: &Rules<'_>,
    mut tally: Tally,
) -> Tally {
    use std::io::Read;
    let name: Arc<str> = Arc::from(file.shown.as_str());
    let mut bytes = Vec::new();
    if let Err(e) = handle.read_to_end(&mut bytes) {
        file_error(
            &mut tally,
            index,
            format!("cannot read {}: {e}", file.shown),
        );
        return tally;
    }
    let text = match String::from_utf8(bytes) {
        Ok(t) => t,
        Err(e) => {
            let valid = e.utf8_error().valid_up_to();
            let good = std::str::from_utf8(&e.as_bytes()[..valid]).unwrap_or("");
            tally.error(text_error(
                index,
                place(&LineIndex::new(good).pos(&name, valid)),
                "is not UTF-8".into(),
            ));
            return tally;
        }
    };
    let page: serde_json::Value = match serde_json::from_str(&text) {
        Ok(v) => v,
        Err(e) => {
            tally.error(text_error(
                index,
                place(&json::syntax_pos(&name, &text, &e)),
                format!("not JSON: {}", json::syntax_message(&e)),
            ));
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
    let fields = zendesk::Fields::of(rules.helpdesk);
    let mut places = PagePlaces::new(&name, &text);
    tally.has_satisfaction = true;
    for (i, t) in tickets.iter().enumerate() {
        let set = side.get(&t["id"].to_string()).copied();
        match zendesk::ticket(t, set.map(|s| s.1), &rules.plan.measures, &fields, 1) {
            Ok(ticket) => tally.count(&ticket.row(), rules),
            Err(fault) => {
                let place = match set {
                    Some((j, _)) if fault.side_loaded => places.place(true, j, &fault.path),
                    _ => places.place(false, i, &fault.path),
                };
                tally.error(fault_error(index, place, fault));
            }
        }
    }
    tally
}

/// Zendesk tickets one per line (`.jsonl`), read as a stream of chunks of whole lines;
/// with more than one thread, one reads the next chunks while the others count.
fn count_lines(
    index: usize,
    file: &TicketFile,
    handle: std::fs::File,
    rules: &Rules<'_>,
    chunk_bytes: usize,
    mut tally: Tally,
) -> Tally {
    tally.has_satisfaction = true;
    let fields = zendesk::Fields::of(rules.helpdesk);
    let name: Arc<str> = Arc::from(file.shown.as_str());
    let lines = Lines {
        file: index,
        name: &name,
        rules,
        fields: &fields,
    };
    let mut chunks = chunks::Chunks::new(handle, chunk_bytes);
    let read_error = |chunks: &chunks::Chunks<std::fs::File>, e: std::io::Error| RowError {
        file: index,
        line: chunks.next_line(),
        col: 0,
        column: None,
        message: format!("cannot read: {e}"),
    };
    let threads = rayon::current_num_threads();
    if threads == 1 {
        loop {
            match chunks.next_chunk(Vec::new()) {
                Ok(Some(chunk)) => count_chunk(&mut tally, &chunk, &lines),
                Ok(None) => break,
                Err(e) => {
                    tally.error(read_error(&chunks, e));
                    break;
                }
            }
        }
        return tally;
    }
    // Counted chunks go back to the reader, so their memory is allocated once.
    let (full, filled) = std::sync::mpsc::sync_channel::<chunks::Chunk>(threads);
    let (give_back, returned) = std::sync::mpsc::channel::<Vec<u8>>();
    let failed = std::thread::scope(|scope| {
        let reading = scope.spawn(move || {
            loop {
                let buffer = returned.try_recv().unwrap_or_default();
                match chunks.next_chunk(buffer) {
                    Ok(Some(chunk)) => {
                        if full.send(chunk).is_err() {
                            return None;
                        }
                    }
                    Ok(None) => return None,
                    Err(e) => return Some(read_error(&chunks, e)),
                }
            }
        });
        let counted = filled
            .into_iter()
            .par_bridge()
            .fold(
                || Tally::new(rules.plan),
                |mut part, chunk| {
                    count_chunk(&mut part, &chunk, &lines);
                    let _ = give_back.send(chunk.bytes);
                    part
                },
            )
            .reduce(
                || Tally::new(rules.plan),
                |mut a, b| {
                    a.merge(b);
                    a
                },
            );
        tally.merge(counted);
        reading.join().unwrap_or_else(|_| {
            Some(RowError {
                file: index,
                line: 0,
                col: 0,
                column: None,
                message: "reading the file failed".into(),
            })
        })
    });
    if let Some(e) = failed {
        tally.error(e);
    }
    tally
}

/// What counting a `.jsonl` file's lines needs.
struct Lines<'a> {
    /// The file's index, for errors.
    file: usize,
    /// The file's name, for positions.
    name: &'a Arc<str>,
    rules: &'a Rules<'a>,
    fields: &'a zendesk::Fields<'a>,
}

/// Counts the tickets of one chunk of a `.jsonl` file.
fn count_chunk(tally: &mut Tally, chunk: &chunks::Chunk, lines: &Lines<'_>) {
    let (index, rules) = (lines.file, lines.rules);
    for (line_no, bytes) in chunk.lines() {
        let text = match std::str::from_utf8(bytes) {
            Ok(t) => t,
            Err(e) => {
                let good = std::str::from_utf8(&bytes[..e.valid_up_to()]).unwrap_or("");
                tally.error(text_error(
                    index,
                    in_line(line_no, &LineIndex::new(good).pos(lines.name, good.len())),
                    "is not UTF-8".into(),
                ));
                continue;
            }
        };
        if text.trim().is_empty() {
            continue;
        }
        let t = match serde_json::from_str::<serde_json::Value>(text) {
            Ok(t) => t,
            Err(e) => {
                tally.error(text_error(
                    index,
                    in_line(line_no, &json::syntax_pos(lines.name, text, &e)),
                    format!("not a JSON ticket: {}", json::syntax_message(&e)),
                ));
                continue;
            }
        };
        match zendesk::ticket(&t, None, &rules.plan.measures, lines.fields, line_no) {
            Ok(ticket) => tally.count(&ticket.row(), rules),
            Err(fault) => {
                // Read again, with positions, only now that the ticket is at fault.
                let place = json::parse(lines.name, text)
                    .ok()
                    .map_or((line_no, 1), |t| {
                        in_line(line_no, &t.at(&fault.path).unwrap_or(&t).pos)
                    });
                tally.error(fault_error(index, place, fault));
            }
        }
    }
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
