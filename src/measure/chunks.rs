//! A file of one record per line (`.jsonl`) cut into chunks of whole lines, each with
//! the number of its first line, so chunks can be counted on separate threads and every
//! error still names its line. Memory holds the chunks in flight, never the file.

use std::io::Read;

/// The least a chunk holds (it ends at the first line end after this many bytes): large
/// enough that handing chunks to threads costs nothing beside reading them, small enough
/// that a few in flight per thread stay a few megabytes.
pub const CHUNK_BYTES: usize = 1 << 20;

/// Whole lines of a file, and the number (from 1) of the first.
#[derive(Debug, Default)]
pub struct Chunk {
    pub first_line: u64,
    /// Ends with a line end, except at the end of a file that has none.
    pub bytes: Vec<u8>,
}

impl Chunk {
    /// Each line (without its `\n`) with its number.
    pub fn lines(&self) -> impl Iterator<Item = (u64, &[u8])> {
        let body = self.bytes.strip_suffix(b"\n").unwrap_or(&self.bytes);
        body.split(|&b| b == b'\n')
            .enumerate()
            .map(|(i, line)| (self.first_line + i as u64, line))
    }
}

/// Reads a file into chunks of whole lines of at least `size` bytes (the last one may be
/// shorter; a line longer than `size` is a chunk of its own).
pub struct Chunks<R> {
    reader: R,
    size: usize,
    /// The start of the next chunk: the part of a line read after the last cut.
    carry: Vec<u8>,
    next_line: u64,
    done: bool,
}

impl<R: Read> Chunks<R> {
    pub fn new(reader: R, size: usize) -> Chunks<R> {
        Chunks {
            reader,
            size: size.max(1),
            carry: Vec::new(),
            next_line: 1,
            done: false,
        }
    }

    /// The line the next chunk starts at (for an error while reading it).
    pub fn next_line(&self) -> u64 {
        self.next_line
    }

    /// The next chunk, read into `buffer` (a spent chunk's bytes, to reuse its memory);
    /// `None` at the end of the file.
    pub fn next_chunk(&mut self, mut buffer: Vec<u8>) -> std::io::Result<Option<Chunk>> {
        buffer.clear();
        std::mem::swap(&mut buffer, &mut self.carry);
        // Bytes already searched for a line end, and found none.
        let mut searched = 0;
        loop {
            if self.done {
                // The rest of the file (the last line may have no line end).
                break;
            }
            // Cut at the last line end once the chunk is full.
            if buffer.len() >= self.size {
                if let Some(at) = buffer[searched..].iter().rposition(|&b| b == b'\n') {
                    let cut = searched + at + 1;
                    self.carry.extend_from_slice(&buffer[cut..]);
                    buffer.truncate(cut);
                    break;
                }
                searched = buffer.len();
            }
            let want = match self.size.checked_sub(buffer.len()) {
                Some(n) if n > 0 => n,
                _ => self.size,
            };
            let got = (&mut self.reader)
                .take(want as u64)
                .read_to_end(&mut buffer)?;
            self.done = got < want;
        }
        if buffer.is_empty() {
            return Ok(None);
        }
        let first_line = self.next_line;
        self.next_line += buffer.iter().filter(|&&b| b == b'\n').count() as u64;
        Ok(Some(Chunk {
            first_line,
            bytes: buffer,
        }))
    }
}

#[cfg(test)]
mod tests {
    use super::Chunks;

    /// Every line with its number, read in chunks of `size`.
    fn read(text: &str, size: usize) -> (Vec<(u64, String)>, usize) {
        let mut chunks = Chunks::new(text.as_bytes(), size);
        let (mut lines, mut n) = (Vec::new(), 0);
        while let Some(c) = chunks.next_chunk(Vec::new()).unwrap() {
            assert!(c.bytes.ends_with(b"\n") || !text.ends_with('\n'));
            n += 1;
            lines.extend(
                c.lines()
                    .map(|(i, l)| (i, String::from_utf8(l.to_vec()).unwrap())),
            );
        }
        (lines, n)
    }

    #[test]
    fn chunks_cut_at_line_ends_and_number_every_line() {
        let text = "a\nbb\n\nccc\ndddd\ne";
        let whole: Vec<(u64, String)> = text
            .split('\n')
            .enumerate()
            .map(|(i, l)| (i as u64 + 1, l.to_owned()))
            .collect();
        for size in [1, 2, 3, 5, 8, 100] {
            let (lines, n) = read(text, size);
            assert_eq!(lines, whole, "chunks of {size}");
            assert!(size < 100 || n == 1);
        }
        let (lines, n) = read("x\ny\n", 1);
        assert_eq!((lines.len(), n), (2, 2));
        assert_eq!(read("", 4), (Vec::new(), 0));
        // A line longer than the chunk size is one chunk.
        let long = format!("{}\nz\n", "q".repeat(50));
        let (lines, n) = read(&long, 4);
        assert_eq!((lines[0].1.len(), lines[1].0, n), (50, 2, 2));
    }
}
