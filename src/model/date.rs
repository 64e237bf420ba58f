//! Calendar dates: just enough date arithmetic for review cadences, holiday checks and
//! schedule periods, with no time zones and no clock reads.

use std::fmt;

/// A proleptic Gregorian date.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct CivilDate {
    pub year: i32,
    pub month: u32,
    pub day: u32,
}

fn is_leap(y: i32) -> bool {
    (y % 4 == 0 && y % 100 != 0) || y % 400 == 0
}

/// Days in a month of a year.
pub fn days_in_month(year: i32, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if is_leap(year) => 29,
        _ => 28,
    }
}

impl CivilDate {
    /// Parses `YYYY-MM-DD` and checks the day exists.
    pub fn parse(s: &str) -> Result<CivilDate, String> {
        let bad = || {
            format!(
                "`{}` is not a date: write YYYY-MM-DD",
                crate::hint::truncate(s)
            )
        };
        let b = s.as_bytes();
        if b.len() != 10 || b[4] != b'-' || b[7] != b'-' {
            return Err(bad());
        }
        let num = |r: std::ops::Range<usize>| -> Result<u32, String> {
            let part = &s[r];
            if part.bytes().all(|c| c.is_ascii_digit()) {
                part.parse().map_err(|_| bad())
            } else {
                Err(bad())
            }
        };
        let (year, month, day) = (num(0..4)? as i32, num(5..7)?, num(8..10)?);
        if !(1..=12).contains(&month) || day == 0 || day > days_in_month(year, month) {
            return Err(format!("{s} does not exist in the calendar"));
        }
        Ok(CivilDate { year, month, day })
    }

    /// The same day `months` later, clamped to the end of a shorter month.
    pub fn add_months(self, months: u32) -> CivilDate {
        let total = self.year as i64 * 12 + (self.month as i64 - 1) + months as i64;
        let year = (total.div_euclid(12)) as i32;
        let month = (total.rem_euclid(12) + 1) as u32;
        CivilDate {
            year,
            month,
            day: self.day.min(days_in_month(year, month)),
        }
    }

    /// Days since 1970-01-01 (negative before).
    pub fn to_days(self) -> i64 {
        // Howard Hinnant's days_from_civil.
        let y = i64::from(self.year) - i64::from(self.month <= 2);
        let era = y.div_euclid(400);
        let yoe = y - era * 400;
        let m = i64::from(self.month);
        let doy = (153 * (if m > 2 { m - 3 } else { m + 9 }) + 2) / 5 + i64::from(self.day) - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        era * 146_097 + doe - 719_468
    }

    /// The date `days` after 1970-01-01.
    pub fn from_days(days: i64) -> CivilDate {
        let z = days + 719_468;
        let era = z.div_euclid(146_097);
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as i32;
        CivilDate { year, month, day }
    }
}

impl fmt::Display for CivilDate {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }
}

#[cfg(test)]
mod tests {
    use super::CivilDate;

    #[test]
    fn months_clamp_to_the_end_of_shorter_months() {
        let d = CivilDate::parse("2026-01-31").unwrap();
        assert_eq!(d.add_months(1).to_string(), "2026-02-28");
        assert_eq!(d.add_months(13).to_string(), "2027-02-28");
        assert_eq!(
            CivilDate::parse("2024-02-29")
                .unwrap()
                .add_months(12)
                .to_string(),
            "2025-02-28"
        );
    }

    #[test]
    fn days_round_trip() {
        for s in ["1970-01-01", "2000-02-29", "2026-11-24", "1969-12-31"] {
            let d = CivilDate::parse(s).unwrap();
            assert_eq!(CivilDate::from_days(d.to_days()), d);
        }
        assert_eq!(CivilDate::parse("1970-01-02").unwrap().to_days(), 1);
    }

    #[test]
    fn impossible_dates_are_refused() {
        assert!(CivilDate::parse("2026-02-30").is_err());
        assert!(CivilDate::parse("2026-13-01").is_err());
        assert!(CivilDate::parse("26-01-01").is_err());
    }
}
