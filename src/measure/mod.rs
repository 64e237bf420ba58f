//! `csstd measure`: ticket readers, business-time arithmetic and the attainment report
//! (SPEC 9). Reads ticket files and the typed standard; never writes a file.

pub mod clock;
pub mod plan;
pub mod print;
pub mod report;
pub mod tally;
pub mod tickets;

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

/// Counts one CSV file, reading it as a stream.
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
    let mut batch: Vec<(u64, csv::ByteRecord)> = Vec::with_capacity(BATCH);
    let mut record = csv::ByteRecord::new();
    loop {
        match reader.read_byte_record(&mut record) {
            Ok(true) => {
                let line = record.position().map_or(0, |p| p.line());
                batch.push((line, std::mem::take(&mut record)));
                if batch.len() == BATCH {
                    count_batch(&mut tally, &batch, &columns, index, rules);
                    batch.clear();
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
                tally.error(RowError {
                    file: index,
                    line,
                    column: None,
                    message,
                });
                if fatal {
                    break;
                }
            }
        }
    }
    count_batch(&mut tally, &batch, &columns, index, rules);
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
            for (line, record) in chunk {
                match columns.row(record, *line, file) {
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
