//! Where a value is in JSON text, for messages: the byte offset of the value at a path
//! (`tickets[3].metric_set.solved_at`), and the `line:column` of an offset. Used only once
//! serde_json has read the text as valid JSON, and only to point at what was wrong, so
//! reading stays as fast as serde_json; on text that is not valid JSON it answers `None`,
//! never panics.

/// One step of a path into a JSON value.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Step<'a> {
    /// A member of an object (the last one of that name, as serde_json keeps).
    Key(&'a str),
    /// An element of an array.
    Index(usize),
}

fn skip_ws(b: &[u8], mut i: usize) -> usize {
    while matches!(b.get(i), Some(b' ' | b'\t' | b'\r' | b'\n')) {
        i += 1;
    }
    i
}

/// The offset just past the string that starts at `i` (a `"`).
fn string_end(b: &[u8], mut i: usize) -> Option<usize> {
    i += 1;
    loop {
        match b.get(i)? {
            b'"' => return Some(i + 1),
            b'\\' => i += 2,
            _ => i += 1,
        }
    }
}

/// The offset just past the value that starts at `i`.
fn value_end(b: &[u8], i: usize) -> Option<usize> {
    match b.get(i)? {
        b'"' => string_end(b, i),
        b'{' | b'[' => {
            let mut depth = 0usize;
            let mut j = i;
            loop {
                match b.get(j)? {
                    b'"' => {
                        j = string_end(b, j)?;
                        continue;
                    }
                    b'{' | b'[' => depth += 1,
                    b'}' | b']' => {
                        depth = depth.checked_sub(1)?;
                        if depth == 0 {
                            return Some(j + 1);
                        }
                    }
                    _ => {}
                }
                j += 1;
            }
        }
        _ => {
            let mut j = i;
            while !matches!(
                b.get(j),
                None | Some(b',' | b'}' | b']' | b' ' | b'\t' | b'\r' | b'\n')
            ) {
                j += 1;
            }
            (j > i).then_some(j)
        }
    }
}

/// The offsets of the members of the object at `i`: (key text without its quotes,
/// escapes undone, and where its value starts).
fn members(text: &str, i: usize) -> Option<Vec<(String, usize)>> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'{') {
        return None;
    }
    let mut out = Vec::new();
    let mut j = skip_ws(b, i + 1);
    if b.get(j) == Some(&b'}') {
        return Some(out);
    }
    loop {
        if b.get(j) != Some(&b'"') {
            return None;
        }
        let end = string_end(b, j)?;
        let raw = text.get(j..end)?;
        let key = if raw.contains('\\') {
            serde_json::from_str::<String>(raw).ok()?
        } else {
            raw.get(1..raw.len() - 1)?.to_owned()
        };
        j = skip_ws(b, end);
        if b.get(j) != Some(&b':') {
            return None;
        }
        let start = skip_ws(b, j + 1);
        out.push((key, start));
        j = skip_ws(b, value_end(b, start)?);
        match b.get(j)? {
            b',' => j = skip_ws(b, j + 1),
            b'}' => return Some(out),
            _ => return None,
        }
    }
}

/// Where each element of the array at `i` starts.
pub fn elements(text: &str, i: usize) -> Option<Vec<usize>> {
    let b = text.as_bytes();
    if b.get(i) != Some(&b'[') {
        return None;
    }
    let mut out = Vec::new();
    let mut j = skip_ws(b, i + 1);
    if b.get(j) == Some(&b']') {
        return Some(out);
    }
    loop {
        out.push(j);
        j = skip_ws(b, value_end(b, j)?);
        match b.get(j)? {
            b',' => j = skip_ws(b, j + 1),
            b']' => return Some(out),
            _ => return None,
        }
    }
}

/// The offset of the value at `path` inside the value that starts at `from` (leading
/// blanks skipped).
pub fn locate(text: &str, from: usize, path: &[Step<'_>]) -> Option<usize> {
    let mut at = skip_ws(text.as_bytes(), from);
    for step in path {
        at = match step {
            Step::Key(k) => {
                members(text, at)?
                    .into_iter()
                    .rev()
                    .find(|(key, _)| key == k)?
                    .1
            }
            Step::Index(n) => *elements(text, at)?.get(*n)?,
        };
    }
    // A value starts here, not the end of the text.
    (at < text.len()).then_some(at)
}

/// Line and column (both from 1; the column counts characters) of offsets in one text.
pub struct Lines {
    /// Where each line starts.
    starts: Vec<usize>,
}

impl Lines {
    pub fn new(text: &str) -> Lines {
        let starts = std::iter::once(0)
            .chain(
                text.bytes()
                    .enumerate()
                    .filter_map(|(i, c)| (c == b'\n').then_some(i + 1)),
            )
            .collect();
        Lines { starts }
    }

    /// The line and column of the character at byte `offset`.
    pub fn position(&self, text: &str, offset: usize) -> (u64, u32) {
        let line = self.starts.partition_point(|&s| s <= offset).max(1);
        let start = self.starts[line - 1];
        (
            line as u64,
            column(text.get(start..).unwrap_or(""), offset - start),
        )
    }
}

/// The column (from 1, in characters) of byte `offset` of a line.
pub fn column(line: &str, offset: usize) -> u32 {
    let mut end = offset.min(line.len());
    while !line.is_char_boundary(end) {
        end -= 1;
    }
    u32::try_from(line[..end].chars().count() + 1).unwrap_or(u32::MAX)
}

#[cfg(test)]
mod tests {
    use super::{Lines, Step, elements, locate};

    const PAGE: &str = "{\n  \"tickets\": [\n    {\"id\": 1, \"a\": {\"b\": \"x\"}},\n    {\"id\": 2, \"s\": \"é]}\\\"\", \"a\": {\"b\": [1, {\"c\": 2}]}}\n  ],\n  \"n\": null\n}";

    fn at(path: &[Step<'_>]) -> (u64, u32) {
        let offset = locate(PAGE, 0, path).expect("found");
        Lines::new(PAGE).position(PAGE, offset)
    }

    #[test]
    fn paths_lead_to_their_values() {
        use Step::{Index, Key};
        assert_eq!(at(&[Key("tickets")]), (2, 14));
        assert_eq!(at(&[Key("tickets"), Index(0)]), (3, 5));
        assert_eq!(at(&[Key("tickets"), Index(0), Key("a"), Key("b")]), (3, 26));
        // Strings holding brackets, quotes and a two-byte character are skipped whole;
        // columns count characters.
        assert_eq!(
            at(&[
                Key("tickets"),
                Index(1),
                Key("a"),
                Key("b"),
                Index(1),
                Key("c")
            ]),
            (4, 50)
        );
        assert_eq!(at(&[Key("n")]), (6, 8));
        assert_eq!(locate(PAGE, 0, &[Key("missing")]), None);
        assert_eq!(locate(PAGE, 0, &[Key("tickets"), Index(2)]), None);
        let tickets = locate(PAGE, 0, &[Key("tickets")]).unwrap();
        assert_eq!(elements(PAGE, tickets).map(|e| e.len()), Some(2));
    }

    #[test]
    fn broken_text_finds_nothing_and_never_panics() {
        for text in [
            "",
            "{",
            "{\"a\"",
            "{\"a\":",
            "[1,",
            "{\"a\": \"\\",
            "]",
            "{\"a\" 1}",
        ] {
            for cut in 0..=text.len() {
                let _ = locate(text, cut, &[Step::Key("a"), Step::Index(0)]);
                let _ = Lines::new(text).position(text, cut);
            }
        }
        assert_eq!(
            locate("{\"a\": [1, 2", 0, &[Step::Key("a"), Step::Index(1)]),
            None
        );
        assert_eq!(locate("", 1, &[]), None);
        assert_eq!(locate("1 ", 1, &[]), None);
    }

    proptest::proptest! {
        /// Any text, any start, any path: an answer inside the text or `None`, never a
        /// panic.
        #[test]
        fn any_text_is_safe(
            text in "[\\[\\]{}\",:a0 \\\\\n\u{e9}]{0,40}",
            from in 0usize..45,
            depth in 0usize..3,
        ) {
            let path = [Step::Key("a"), Step::Index(0)];
            if let Some(at) = locate(&text, from, &path[..depth]) {
                proptest::prop_assert!(at <= text.len());
                let _ = Lines::new(&text).position(&text, at);
            }
        }

        /// In valid JSON the value found is the one serde_json reads at that path.
        #[test]
        fn the_value_found_is_the_one_at_the_path(
            values in proptest::collection::vec(0u32..1000, 1..6),
            pick in 0usize..6,
            pretty: bool,
        ) {
            let doc = serde_json::json!({"x": "]\"}", "a": {"list": &values}});
            let text = if pretty {
                serde_json::to_string_pretty(&doc)
            } else {
                serde_json::to_string(&doc)
            }
            .unwrap();
            let i = pick % values.len();
            let path = [Step::Key("a"), Step::Key("list"), Step::Index(i)];
            let at = locate(&text, 0, &path).unwrap();
            let found = serde_json::Deserializer::from_str(&text[at..])
                .into_iter::<u32>()
                .next()
                .unwrap()
                .unwrap();
            proptest::prop_assert_eq!(found, values[i]);
        }
    }
}
