//! Source text as csstd reads it: line endings do not matter (SPEC 7), so a Windows
//! checkout (CRLF) reads exactly like a Unix one and builds the same bytes.

/// `text` with every CRLF turned into LF; the string itself when it has none.
pub fn lf(text: String) -> String {
    if text.contains("\r\n") {
        text.replace("\r\n", "\n")
    } else {
        text
    }
}

#[cfg(test)]
mod tests {
    use super::lf;

    #[test]
    fn crlf_reads_as_lf_and_lone_cr_stays() {
        assert_eq!(lf("a\r\nb\r\n".into()), "a\nb\n");
        assert_eq!(lf("a\rb".into()), "a\rb");
    }
}
