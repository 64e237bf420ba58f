//! Durations, percents, numbers and targets (`">= 85%"`, `"4h"`), parsed and compared.
//!
//! Parsing never panics and never allocates in proportion to hostile input
//! beyond the input itself; every quantity has one canonical spelling.

use std::cmp::Ordering;
use std::fmt;

/// The kind of a quantity; a target and the expectation or override that names it must agree.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Kind {
    Duration,
    Percent,
    Number,
}

impl fmt::Display for Kind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(match self {
            Kind::Duration => "a duration",
            Kind::Percent => "a percent",
            Kind::Number => "a number",
        })
    }
}

/// A measured amount: a duration in whole seconds, a percent (0–100) or a plain number.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum Quantity {
    Duration(u64),
    Percent(f64),
    Number(f64),
}

/// A comparison operator of a target.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Op {
    Le,
    Lt,
    Ge,
    Gt,
}

impl Op {
    fn as_str(self) -> &'static str {
        match self {
            Op::Le => "<=",
            Op::Lt => "<",
            Op::Ge => ">=",
            Op::Gt => ">",
        }
    }

    /// True for `<=`/`<`: smaller is stricter.
    pub fn wants_less(self) -> bool {
        matches!(self, Op::Le | Op::Lt)
    }
}

/// `"<op> <quantity>"`: what a channel, metric or SLA must achieve.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Target {
    pub op: Op,
    pub quantity: Quantity,
}

/// How a new value compares with an old one.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Effect {
    Tighter,
    Looser,
    Same,
}

const UNITS: [(char, u64); 5] = [
    ('w', 604_800),
    ('d', 86_400),
    ('h', 3_600),
    ('m', 60),
    ('s', 1),
];

/// Longest quantity text accepted; keeps hostile inputs from producing huge messages.
const MAX_LEN: usize = 64;

impl Quantity {
    pub fn kind(&self) -> Kind {
        match self {
            Quantity::Duration(_) => Kind::Duration,
            Quantity::Percent(_) => Kind::Percent,
            Quantity::Number(_) => Kind::Number,
        }
    }

    /// Parses `30s`, `1h30m`, `80%`, `4.5`.
    pub fn parse(text: &str) -> Result<Quantity, String> {
        let t = text.trim();
        if t.is_empty() {
            return Err("expected a quantity such as `4h`, `80%` or `4.5`, found nothing".into());
        }
        if t.len() > MAX_LEN {
            return Err(format!("a quantity is at most {MAX_LEN} characters"));
        }
        if let Some(p) = t.strip_suffix('%') {
            let v = parse_number(p.trim()).ok_or_else(|| format!("`{t}` is not a percent"))?;
            if !(0.0..=100.0).contains(&v) {
                return Err(format!("`{t}` is outside 0–100%"));
            }
            return Ok(Quantity::Percent(v));
        }
        if let Some(v) = parse_number(t) {
            return Ok(Quantity::Number(v));
        }
        parse_duration(t).map(Quantity::Duration)
    }

    /// The number to compare on (seconds for durations).
    fn magnitude(&self) -> f64 {
        match *self {
            Quantity::Duration(s) => s as f64,
            Quantity::Percent(v) | Quantity::Number(v) => v,
        }
    }
}

fn parse_number(t: &str) -> Option<f64> {
    let ok = !t.is_empty()
        && t.chars().all(|c| c.is_ascii_digit() || c == '.')
        && t.chars().filter(|&c| c == '.').count() <= 1
        && !t.starts_with('.')
        && !t.ends_with('.');
    if !ok {
        return None;
    }
    t.parse::<f64>().ok().filter(|v| v.is_finite())
}

/// Parses `1h30m`-style durations into whole seconds.
pub fn parse_duration(text: &str) -> Result<u64, String> {
    let bad = || {
        format!(
            "`{text}` is not a duration: use <number><unit> with units s, m, h, d, w (e.g. `30s`, `4h`, `1h30m`)"
        )
    };
    let t = text.trim();
    if t.is_empty() || t.len() > MAX_LEN {
        return Err(bad());
    }
    let mut total: f64 = 0.0;
    let mut number = String::new();
    let mut last_unit = usize::MAX;
    for c in t.chars() {
        if c.is_ascii_digit() || c == '.' {
            number.push(c);
            continue;
        }
        let idx = UNITS.iter().position(|(u, _)| *u == c).ok_or_else(bad)?;
        // Units must come largest first and once each, so `30m1h` is refused.
        if last_unit != usize::MAX && idx <= last_unit {
            return Err(match reordered(t) {
                Some(fixed) => format!(
                    "`{text}` is not a duration: units go largest first, each once (write `{fixed}`)"
                ),
                None => bad(),
            });
        }
        last_unit = idx;
        let n = parse_number(&number).ok_or_else(bad)?;
        total += n * UNITS[idx].1 as f64;
        number.clear();
    }
    if !number.is_empty() || last_unit == usize::MAX {
        return Err(bad());
    }
    if total.fract() != 0.0 {
        return Err(format!("`{text}` is not a whole number of seconds"));
    }
    if total > 1e12 {
        return Err(format!("`{text}` is longer than any service level can be"));
    }
    Ok(total as u64)
}

/// `30m1h` as it should have been written (`1h30m`), if its parts make a duration.
fn reordered(t: &str) -> Option<String> {
    let mut total = 0u64;
    let mut number = String::new();
    for c in t.chars() {
        if c.is_ascii_digit() {
            number.push(c);
            continue;
        }
        let (_, size) = UNITS.iter().find(|(u, _)| *u == c)?;
        total = total.checked_add(number.parse::<u64>().ok()?.checked_mul(*size)?)?;
        number.clear();
    }
    number.is_empty().then(|| format_duration(total))
}

/// Writes seconds in the largest exact units: 5400 → `1h30m`, 0 → `0s`.
pub fn format_duration(mut secs: u64) -> String {
    if secs == 0 {
        return "0s".into();
    }
    let mut out = String::new();
    for (u, size) in UNITS {
        if secs >= size {
            out.push_str(&format!("{}{}", secs / size, u));
            secs %= size;
        }
    }
    out
}

/// The canonical spelling of an SLA `within` or escalation `after`: exact, largest units
/// first, but days and weeks only where its author wrote them. `27h` stays `27h` (on a
/// business clock a day of 24 hours is no business day; the docs say to write business
/// durations in hours, and the resolved standard keeps them so), `90m` becomes `1h30m`,
/// `1d3h` stays `1d3h`. `None` if `text` is not a duration.
pub fn canonical_span(text: &str) -> Option<String> {
    let secs = parse_duration(text).ok()?;
    // Hours and below are always combined (`90m` is `1h30m`); `d` and `w` only if written.
    let largest = UNITS
        .iter()
        .position(|(u, _)| text.contains(*u))
        .unwrap_or(UNITS.len() - 1)
        .min(2);
    if secs == 0 {
        return Some("0s".into());
    }
    let mut rest = secs;
    let mut out = String::new();
    for (u, size) in &UNITS[largest..] {
        if rest >= *size {
            out.push_str(&format!("{}{}", rest / size, u));
            rest %= size;
        }
    }
    Some(out)
}

fn format_number(v: f64) -> String {
    format!("{v}")
}

impl fmt::Display for Quantity {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match *self {
            Quantity::Duration(s) => f.write_str(&format_duration(s)),
            Quantity::Percent(v) => write!(f, "{}%", format_number(v)),
            Quantity::Number(v) => f.write_str(&format_number(v)),
        }
    }
}

impl Target {
    /// Parses `"<= 4h"`, `">= 80%"`, or a bare quantity (durations mean `<=`, others `>=`).
    pub fn parse(text: &str) -> Result<Target, String> {
        let t = text.trim();
        let (op, rest) = if let Some(r) = t.strip_prefix("<=") {
            (Some(Op::Le), r)
        } else if let Some(r) = t.strip_prefix(">=") {
            (Some(Op::Ge), r)
        } else if let Some(r) = t.strip_prefix('<') {
            (Some(Op::Lt), r)
        } else if let Some(r) = t.strip_prefix('>') {
            (Some(Op::Gt), r)
        } else {
            (None, t)
        };
        let quantity = Quantity::parse(rest).map_err(|e| {
            format!("{e}; a target is `<op> <quantity>` with op one of <=, <, >=, >")
        })?;
        let op = op.unwrap_or(match quantity {
            Quantity::Duration(_) => Op::Le,
            _ => Op::Ge,
        });
        Ok(Target { op, quantity })
    }

    pub fn kind(&self) -> Kind {
        self.quantity.kind()
    }

    /// How `self` (the new value) compares with `old`: tighter, looser or the same.
    /// A flip of direction (`<=` to `>=`) can only be read as looser.
    pub fn compare_to(&self, old: &Target) -> Effect {
        if self.op.wants_less() != old.op.wants_less() {
            return Effect::Looser;
        }
        let (a, b) = (self.quantity.magnitude(), old.quantity.magnitude());
        let ord = a.partial_cmp(&b).unwrap_or(Ordering::Equal);
        let strict = |op: Op| matches!(op, Op::Lt | Op::Gt);
        let by_quantity = if self.op.wants_less() {
            ord.reverse()
        } else {
            ord
        };
        match by_quantity {
            Ordering::Greater => Effect::Tighter,
            Ordering::Less => Effect::Looser,
            Ordering::Equal => match (strict(self.op), strict(old.op)) {
                (true, false) => Effect::Tighter,
                (false, true) => Effect::Looser,
                _ => Effect::Same,
            },
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}", self.op.as_str(), self.quantity)
    }
}

#[cfg(test)]
mod tests {
    use super::{Effect, Quantity, Target, canonical_span, format_duration, parse_duration};

    #[test]
    fn spans_keep_the_largest_unit_their_author_wrote() {
        assert_eq!(canonical_span("27h").as_deref(), Some("27h"));
        assert_eq!(canonical_span("48h").as_deref(), Some("48h"));
        assert_eq!(canonical_span("90m").as_deref(), Some("1h30m"));
        assert_eq!(canonical_span("1d3h").as_deref(), Some("1d3h"));
        assert_eq!(canonical_span("14d").as_deref(), Some("14d"));
        assert_eq!(canonical_span("1.5d").as_deref(), Some("1d12h"));
        assert_eq!(canonical_span("0m").as_deref(), Some("0s"));
        assert_eq!(canonical_span("soon"), None);
    }

    #[test]
    fn durations_parse_and_print_canonically() {
        assert_eq!(parse_duration("1h30m"), Ok(5400));
        assert_eq!(parse_duration("90m").map(format_duration).unwrap(), "1h30m");
        assert_eq!(format_duration(14 * 86_400), "2w");
        assert!(
            parse_duration("30m1h")
                .unwrap_err()
                .contains("(write `1h30m`)")
        );
        assert!(parse_duration("h").is_err());
        assert!(parse_duration("4").is_err());
        assert!(parse_duration("1.5s").is_err());
        assert_eq!(parse_duration("1.5h"), Ok(5400));
    }

    #[test]
    fn bare_quantities_get_their_default_operator() {
        assert_eq!(Target::parse("4h").unwrap().to_string(), "<= 4h");
        assert_eq!(Target::parse("80%").unwrap().to_string(), ">= 80%");
        assert_eq!(Target::parse(">=4.5").unwrap().to_string(), ">= 4.5");
        assert!(Target::parse("== 4h").is_err());
        assert!(Quantity::parse("120%").is_err());
    }

    #[test]
    fn stricter_means_smaller_for_upper_bounds_and_larger_for_lower_bounds() {
        let t = |s: &str| Target::parse(s).unwrap();
        assert_eq!(t("2h").compare_to(&t("4h")), Effect::Tighter);
        assert_eq!(t("8h").compare_to(&t("4h")), Effect::Looser);
        assert_eq!(t("90%").compare_to(&t("80%")), Effect::Tighter);
        assert_eq!(t("< 4h").compare_to(&t("<= 4h")), Effect::Tighter);
        assert_eq!(t("240m").compare_to(&t("4h")), Effect::Same);
        assert_eq!(t(">= 4h").compare_to(&t("<= 4h")), Effect::Looser);
    }
}
