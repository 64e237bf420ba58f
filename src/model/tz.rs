//! IANA time-zone names, checked against the database csstd carries (jiff's bundled copy),
//! so whether a name is accepted never depends on the machine's own zoneinfo.

use std::sync::OnceLock;

/// Every zone name of the carried database, sorted.
fn names() -> &'static [String] {
    static NAMES: OnceLock<Vec<String>> = OnceLock::new();
    NAMES.get_or_init(|| {
        let db = jiff::tz::TimeZoneDatabase::bundled();
        let mut names: Vec<String> = db.available().map(|n| n.as_str().to_owned()).collect();
        names.sort();
        names.dedup();
        names
    })
}

/// `None` when `name` is an IANA time zone; otherwise the message, with the closest name
/// when one is close (a difference of case, a missing `_`, or a likely typo).
pub fn check(name: &str) -> Option<String> {
    let names = names();
    if names.binary_search_by(|n| n.as_str().cmp(name)).is_ok() {
        return None;
    }
    let fold = |s: &str| -> String {
        s.chars()
            .filter(|c| !matches!(c, '_' | '-' | ' '))
            .flat_map(char::to_lowercase)
            .collect()
    };
    let folded = fold(name);
    let close = names
        .iter()
        .find(|n| fold(n) == folded)
        .map(String::as_str)
        .or_else(|| crate::hint::did_you_mean(name, names.iter().map(String::as_str)));
    let mut message = format!(
        "unknown time zone `{}`: not in the IANA time-zone database",
        crate::hint::truncate(name)
    );
    match close {
        Some(m) => message.push_str(&format!("; did you mean `{m}`?")),
        None => message.push_str(" (write a name such as `Europe/Berlin` or `America/New_York`)"),
    }
    Some(message)
}

#[cfg(test)]
mod tests {
    use super::check;

    #[test]
    fn known_zones_pass_and_near_misses_are_named() {
        assert_eq!(check("Europe/Berlin"), None);
        assert_eq!(check("UTC"), None);
        assert!(
            check("America/NewYork")
                .unwrap()
                .contains("did you mean `America/New_York`?")
        );
        assert!(
            check("asia/tokyo")
                .unwrap()
                .contains("did you mean `Asia/Tokyo`?")
        );
        assert!(
            check("Mars/Olympus_Mons")
                .unwrap()
                .starts_with("unknown time zone")
        );
    }
}
