//! Opening hours of one day: `HH:MM-HH:MM`, a list of such intervals for a day with a
//! break, or `24h`. Parsed and checked here once, so the file schema, lint, the handbook
//! and the business clock all read the same intervals. No time zones here.

use std::fmt;

/// Minutes in a day: `24:00`, the latest an interval may end.
pub const DAY_MINUTES: u32 = 24 * 60;

/// One opening interval of a day, in minutes from midnight (`close` may be `24:00`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Interval {
    pub open: u32,
    pub close: u32,
}

impl Interval {
    /// The whole day.
    pub const ALL_DAY: Interval = Interval {
        open: 0,
        close: DAY_MINUTES,
    };

    /// Parses `HH:MM-HH:MM` (or `24h`, the whole day).
    pub fn parse(s: &str) -> Result<Interval, String> {
        if s == "24h" {
            return Ok(Interval::ALL_DAY);
        }
        let shown = crate::hint::truncate(s);
        let bad = || format!("`{shown}` is not opening hours: write HH:MM-HH:MM or 24h");
        let (a, b) = s.split_once('-').ok_or_else(bad)?;
        let minute = |t: &str| -> Result<u32, String> {
            let (h, m) = t.split_once(':').ok_or_else(bad)?;
            if h.len() != 2
                || m.len() != 2
                || !(h.bytes().chain(m.bytes())).all(|c| c.is_ascii_digit())
            {
                return Err(bad());
            }
            let (h, m): (u32, u32) = (h.parse().map_err(|_| bad())?, m.parse().map_err(|_| bad())?);
            if h > 24 || m > 59 || (h == 24 && m != 0) {
                return Err(bad());
            }
            Ok(h * 60 + m)
        };
        let (open, close) = (minute(a)?, minute(b)?);
        if close <= open {
            return Err(format!(
                "`{shown}`: closing time must be after opening time (a night shift is two intervals on two days, `22:00-24:00` and `00:00-06:00`)"
            ));
        }
        Ok(Interval { open, close })
    }

    /// Open minutes.
    pub fn minutes(self) -> u32 {
        self.close - self.open
    }
}

impl fmt::Display for Interval {
    /// `09:00–18:00`, with an en dash, as the handbook shows it.
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let hm = |m: u32| format!("{:02}:{:02}", m / 60, m % 60);
        write!(f, "{}–{}", hm(self.open), hm(self.close))
    }
}

/// The intervals of one day as written (one string or a list), in order and not
/// overlapping; `24h` only alone.
pub fn parse_day(written: &[&str]) -> Result<Vec<Interval>, String> {
    if written.is_empty() {
        return Err("an empty list of hours: leave the day out when it is closed".into());
    }
    if written.len() > 1 && written.contains(&"24h") {
        return Err("`24h` is the whole day: write it alone, not in a list".into());
    }
    let mut out: Vec<Interval> = Vec::with_capacity(written.len());
    for (s, next) in written.iter().map(|s| (*s, Interval::parse(s))) {
        let next = next?;
        if let Some(prev) = out.last() {
            if next.open < prev.close && next.close > prev.open {
                return Err(format!(
                    "`{s}` overlaps `{prev}`: the intervals of a day do not overlap",
                    prev = prev.to_string().replace('–', "-")
                ));
            }
            if next.open < prev.close {
                return Err(format!(
                    "`{s}` comes before `{}`: write the intervals of a day in order",
                    prev.to_string().replace('–', "-")
                ));
            }
        }
        out.push(next);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::{Interval, parse_day};

    #[test]
    fn intervals_parse_and_end_at_midnight() {
        assert_eq!(
            Interval::parse("22:00-24:00").unwrap(),
            Interval {
                open: 1320,
                close: 1440
            }
        );
        assert_eq!(Interval::parse("24h").unwrap(), Interval::ALL_DAY);
        for bad in [
            "9:00-18:00",
            "18:00-09:00",
            "09:00-24:30",
            "0a:00-10:00",
            "09:00",
        ] {
            assert!(Interval::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn a_day_with_a_break_is_ordered_and_does_not_overlap() {
        let day = parse_day(&["09:00-12:00", "13:00-18:00"]).unwrap();
        assert_eq!(day.len(), 2);
        assert_eq!(day[1].to_string(), "13:00–18:00");
        assert!(parse_day(&["09:00-12:00", "12:00-13:00"]).is_ok());
        let overlap = parse_day(&["09:00-13:00", "12:00-18:00"]).unwrap_err();
        assert!(overlap.contains("overlaps `09:00-13:00`"), "{overlap}");
        assert!(
            parse_day(&["13:00-18:00", "09:00-12:00"])
                .unwrap_err()
                .contains("in order")
        );
        assert!(parse_day(&["24h", "09:00-12:00"]).is_err());
        assert!(parse_day(&[]).is_err());
    }
}
