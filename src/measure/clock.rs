//! Business-time arithmetic: the open seconds of a schedule between two instants, in the
//! schedule's IANA zone (daylight-saving changes as they happen), with holidays, dated
//! exceptions and breaks. Never walks minute by minute: open intervals are turned into
//! UTC instants once and summed with prefix sums, so one query is a binary search.
//!
//! An instant is open when the wall clock of the schedule's zone then shows a time inside
//! an open interval of that local day: a night over the spring change has an hour less,
//! one over the autumn change an hour more. No I/O here.

use crate::model::date::CivilDate;
use crate::model::hours::Interval;
use crate::model::standard::Schedule;
use jiff::Timestamp;
use jiff::tz::TimeZone;

const DAY: i64 = 86_400;

/// A dated period of local days, both inclusive, as days since 1970-01-01.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Period {
    pub from: i64,
    pub to: i64,
}

impl Period {
    fn contains(self, day: i64) -> bool {
        self.from <= day && day <= self.to
    }
}

/// The intervals of each weekday, Monday first.
pub type WeekIntervals = [Vec<Interval>; 7];

/// A schedule reduced to what the clock needs.
#[derive(Clone, Debug)]
pub struct OpenHours {
    tz: TimeZone,
    week: WeekIntervals,
    holidays: Vec<Period>,
    exceptions: Vec<(Period, WeekIntervals)>,
}

/// The weekday of a day number, Monday = 0 (1970-01-01 was a Thursday).
pub fn weekday(day: i64) -> usize {
    (day + 3).rem_euclid(7) as usize
}

/// An instant as jiff's, clamped into the range jiff can represent.
fn timestamp(second: i64) -> Timestamp {
    Timestamp::from_second(second).unwrap_or(if second < 0 {
        Timestamp::MIN
    } else {
        Timestamp::MAX
    })
}

impl OpenHours {
    pub fn new(
        tz: TimeZone,
        week: WeekIntervals,
        holidays: Vec<Period>,
        exceptions: Vec<(Period, WeekIntervals)>,
    ) -> OpenHours {
        OpenHours {
            tz,
            week,
            holidays,
            exceptions,
        }
    }

    /// Reads a typed schedule: its zone (UTC when it names none), week, holidays and
    /// exceptions. Fails on a zone the carried database does not know.
    pub fn of(schedule: &Schedule<'_>) -> Result<OpenHours, String> {
        let zone = schedule.timezone.as_ref().map_or("UTC", |t| t.value);
        let tz = jiff::tz::db()
            .get(zone)
            .map_err(|_| format!("unknown time zone `{zone}`"))?;
        let week = |days: [Option<&crate::model::standard::DayHours<'_>>; 7]| {
            days.map(|d| d.map(|d| d.intervals.clone()).unwrap_or_default())
        };
        let day = |t: Option<&crate::model::standard::Text<'_>>| {
            t.and_then(|t| CivilDate::parse(t.value).ok())
                .map(CivilDate::to_days)
        };
        let holidays = schedule
            .holidays()
            .iter()
            .filter_map(|h| {
                let (from, to) = match day(h.date.as_ref()) {
                    Some(d) => (d, d),
                    None => (day(h.from.as_ref())?, day(h.to.as_ref())?),
                };
                Some(Period { from, to })
            })
            .collect();
        let exceptions = schedule
            .exceptions()
            .iter()
            .filter_map(|e| {
                let period = Period {
                    from: day(e.from.as_ref())?,
                    to: day(e.to.as_ref())?,
                };
                Some((period, week(e.week())))
            })
            .collect();
        Ok(OpenHours::new(
            tz,
            week(schedule.week()),
            holidays,
            exceptions,
        ))
    }

    /// The open intervals of a local day: none on a holiday, an exception's inside its
    /// period, else the week's.
    pub fn day_intervals(&self, day: i64) -> &[Interval] {
        if self.holidays.iter().any(|h| h.contains(day)) {
            return &[];
        }
        let week = self
            .exceptions
            .iter()
            .find(|(p, _)| p.contains(day))
            .map_or(&self.week, |(_, w)| w);
        &week[weekday(day)]
    }

    /// Calls `each(start, end)` for every open stretch of `[a, b)`, in order, in UTC
    /// seconds. Walks the stretches of constant UTC offset, and within each the local days
    /// it covers: exact across gaps and folds, and a day costs the same however long it is
    /// open.
    pub fn for_each_open(&self, a: i64, b: i64, mut each: impl FnMut(i64, i64)) {
        if a >= b {
            return;
        }
        let mut start = a;
        let mut offset = i64::from(self.tz.to_offset(timestamp(a)).seconds());
        let mut transitions = self.tz.following(timestamp(a));
        while start < b {
            let (end, next_offset) = match transitions.next() {
                Some(t) if t.timestamp().as_second() < b => (
                    t.timestamp().as_second(),
                    Some(i64::from(t.offset().seconds())),
                ),
                _ => (b, None),
            };
            if end > start {
                self.segment(start, end, offset, &mut each);
            }
            start = start.max(end);
            match next_offset {
                Some(o) => offset = o,
                None => break,
            }
        }
    }

    /// The open stretches of `[start, end)`, where the zone's offset is `offset` throughout.
    fn segment(&self, start: i64, end: i64, offset: i64, each: &mut impl FnMut(i64, i64)) {
        let (local_start, local_end) = (start + offset, end + offset);
        let first = local_start.div_euclid(DAY);
        let last = (local_end - 1).div_euclid(DAY);
        for day in first..=last {
            for iv in self.day_intervals(day) {
                let lo = (day * DAY + i64::from(iv.open) * 60).max(local_start);
                let hi = (day * DAY + i64::from(iv.close) * 60).min(local_end);
                if lo < hi {
                    each(lo - offset, hi - offset);
                }
            }
        }
    }

    /// Open seconds of `[a, b)`, summed directly (for spans outside a timeline).
    pub fn open_seconds(&self, a: i64, b: i64) -> i64 {
        let mut total = 0;
        self.for_each_open(a, b, |s, e| total += e - s);
        total
    }
}

/// A schedule's clock with its open stretches over a span of instants turned into UTC
/// intervals and prefix sums: a query inside the span is two binary searches; outside
/// it, the open stretches are summed directly.
#[derive(Clone, Debug)]
pub struct BusinessClock {
    hours: OpenHours,
    span: (i64, i64),
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// Open seconds before each interval.
    before: Vec<i64>,
}

impl BusinessClock {
    /// The clock of `hours`, precomputed for instants in `span` (UTC seconds).
    pub fn new(hours: OpenHours, span: (i64, i64)) -> BusinessClock {
        let (mut starts, mut ends, mut before) = (Vec::new(), Vec::new(), Vec::new());
        let mut total = 0;
        hours.for_each_open(span.0, span.1, |s, e| {
            // Stretches that touch (a night shift across midnight) become one.
            if ends.last() == Some(&s) {
                *ends.last_mut().expect("a previous stretch") = e;
            } else {
                starts.push(s);
                ends.push(e);
                before.push(total);
            }
            total += e - s;
        });
        BusinessClock {
            hours,
            span,
            starts,
            ends,
            before,
        }
    }

    /// Open seconds from the start of the span to `t` (inside the span).
    fn open_until(&self, t: i64) -> i64 {
        let i = self.starts.partition_point(|&s| s <= t);
        if i == 0 {
            return 0;
        }
        let i = i - 1;
        self.before[i] + t.min(self.ends[i]) - self.starts[i]
    }

    /// Open seconds between two instants (0 when `b` is not after `a`).
    pub fn elapsed(&self, a: i64, b: i64) -> i64 {
        if b <= a {
            return 0;
        }
        let (lo, hi) = self.span;
        let mut total = 0;
        if a < lo {
            total += self.hours.open_seconds(a, b.min(lo));
        }
        let (from, to) = (a.max(lo), b.min(hi));
        if from < to {
            total += self.open_until(to) - self.open_until(from);
        }
        if b > hi {
            total += self.hours.open_seconds(a.max(hi), b);
        }
        total
    }
}

/// The clock an SLA is measured on.
#[derive(Clone, Debug)]
pub enum Clock {
    /// Real elapsed time: across a daylight-saving change, the skipped hour is not counted.
    Calendar,
    Business(Box<BusinessClock>),
}

impl Clock {
    /// Seconds on this clock between two instants (0 when `b` is not after `a`).
    pub fn elapsed(&self, a: i64, b: i64) -> i64 {
        match self {
            Clock::Calendar => (b - a).max(0),
            Clock::Business(c) => c.elapsed(a, b),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{BusinessClock, OpenHours, Period, WeekIntervals};
    use crate::model::date::CivilDate;
    use crate::model::hours::{Interval, parse_day};
    use jiff::Timestamp;
    use proptest::prelude::*;

    fn zone(name: &str) -> jiff::tz::TimeZone {
        jiff::tz::db().get(name).unwrap()
    }

    fn at(s: &str) -> i64 {
        s.parse::<Timestamp>().unwrap().as_second()
    }

    fn day(s: &str) -> i64 {
        CivilDate::parse(s).unwrap().to_days()
    }

    fn week(days: [&[&str]; 7]) -> WeekIntervals {
        days.map(|d| {
            if d.is_empty() {
                Vec::new()
            } else {
                parse_day(d).unwrap()
            }
        })
    }

    fn clock(hours: OpenHours) -> BusinessClock {
        BusinessClock::new(
            hours,
            (at("2026-01-01T00:00:00Z"), at("2028-01-01T00:00:00Z")),
        )
    }

    #[test]
    fn a_night_over_the_spring_change_has_an_hour_less() {
        // Berlin: 2027-03-28 02:00 → 03:00. A Saturday-night shift 22:00–06:00.
        let night = week([&[], &[], &[], &[], &[], &["22:00-24:00"], &["00:00-06:00"]]);
        let c = clock(OpenHours::new(zone("Europe/Berlin"), night, vec![], vec![]));
        let (a, b) = (at("2027-03-27T12:00:00Z"), at("2027-03-28T12:00:00Z"));
        assert_eq!(c.elapsed(a, b), 7 * 3600);
        // Autumn: 2027-10-31 03:00 → 02:00, an hour more.
        let (a, b) = (at("2027-10-30T12:00:00Z"), at("2027-10-31T12:00:00Z"));
        assert_eq!(c.elapsed(a, b), 9 * 3600);
        // An ordinary weekend: eight hours.
        let (a, b) = (at("2027-04-03T12:00:00Z"), at("2027-04-04T12:00:00Z"));
        assert_eq!(c.elapsed(a, b), 8 * 3600);
    }

    #[test]
    fn breaks_holidays_and_exceptions() {
        let office = ["09:00-12:00", "13:00-18:00"];
        let w = week([&office, &office, &office, &office, &office, &[], &[]]);
        let ramadan = week([&["10:00-16:00"], &[], &[], &[], &[], &[], &[]]);
        let hours = OpenHours::new(
            zone("Asia/Tokyo"),
            w,
            vec![Period {
                from: day("2027-01-01"),
                to: day("2027-01-01"),
            }],
            vec![(
                Period {
                    from: day("2027-02-08"),
                    to: day("2027-02-16"),
                },
                ramadan,
            )],
        );
        let c = clock(hours.clone());
        // Thursday 2026-12-31 11:00 JST to Monday 2027-01-04 10:00 JST: one hour on Thursday
        // morning, five in the afternoon, New Year's Day closed, one hour on Monday.
        let (a, b) = (
            at("2026-12-31T11:00:00+09:00"),
            at("2027-01-04T10:00:00+09:00"),
        );
        assert_eq!(c.elapsed(a, b), 7 * 3600);
        // Inside the exception only Mondays are open, 10:00–16:00.
        let (a, b) = (
            at("2027-02-08T00:00:00+09:00"),
            at("2027-02-16T00:00:00+09:00"),
        );
        assert_eq!(c.elapsed(a, b), 12 * 3600);
        // Outside the precomputed span the same answer, summed directly.
        let far = |s: &str| at(s) - 10 * 365 * 86_400;
        let (a, b) = (far("2027-06-01T00:00:00Z"), far("2027-06-10T00:00:00Z"));
        assert_eq!(c.elapsed(a, b), hours.open_seconds(a, b));
        assert!(c.elapsed(a, b) > 0);
        assert_eq!(c.elapsed(b, a), 0);
    }

    /// The reference: one minute at a time, is the wall clock inside an open interval?
    fn minute_walk(
        tz: &jiff::tz::TimeZone,
        w: &WeekIntervals,
        holidays: &[Period],
        exceptions: &[(Period, WeekIntervals)],
        a: i64,
        b: i64,
    ) -> i64 {
        let mut open = 0;
        let mut t = a;
        while t < b {
            let local = tz.to_datetime(Timestamp::from_second(t).unwrap());
            let date = CivilDate {
                year: i32::from(local.year()),
                month: local.month() as u32,
                day: local.day() as u32,
            }
            .to_days();
            let wd = local.weekday().to_monday_zero_offset() as usize;
            let minute = local.hour() as u32 * 60 + local.minute() as u32;
            let inside = |p: &Period| p.from <= date && date <= p.to;
            let intervals: &[Interval] = if holidays.iter().any(inside) {
                &[]
            } else {
                &exceptions
                    .iter()
                    .find(|(p, _)| inside(p))
                    .map_or(w, |(_, x)| x)[wd]
            };
            if intervals
                .iter()
                .any(|iv| iv.open <= minute && minute < iv.close)
            {
                open += 60;
            }
            t += 60;
        }
        open
    }

    fn arb_day() -> impl Strategy<Value = Vec<Interval>> {
        // Up to three intervals on a 30-minute grid, sorted and apart, ending by 24:00.
        proptest::collection::vec(0u32..=48, 0..=6).prop_map(|mut cuts| {
            cuts.sort_unstable();
            cuts.dedup();
            cuts.chunks_exact(2)
                .map(|c| Interval {
                    open: c[0] * 30,
                    close: c[1] * 30,
                })
                .collect()
        })
    }

    fn arb_week() -> impl Strategy<Value = WeekIntervals> {
        proptest::array::uniform7(arb_day())
    }

    const ZONES: [&str; 7] = [
        "Europe/Berlin",
        "America/New_York",
        "Australia/Lord_Howe",
        "America/Sao_Paulo",
        "Asia/Riyadh",
        "Asia/Kathmandu",
        "UTC",
    ];

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(96))]
        #[test]
        fn open_seconds_match_a_minute_walk(
            zone_index in 0..ZONES.len(),
            w in arb_week(),
            x in arb_week(),
            holiday in 0i64..12,
            exception in (0i64..12, 0i64..6),
            // Minute-aligned instants around the 2027 changes of every zone above.
            start in 0i64..(40 * 24 * 60),
            length in 0i64..(6 * 24 * 60),
            around in 0usize..3,
        ) {
            let tz = zone(ZONES[zone_index]);
            let base = [at("2027-03-01T00:00:00Z"), at("2027-03-25T00:00:00Z"), at("2027-10-20T00:00:00Z")][around];
            let first = base.div_euclid(86_400);
            let holidays = vec![Period { from: first + holiday * 3, to: first + holiday * 3 }];
            let exceptions = vec![(Period { from: first + exception.0 * 3, to: first + exception.0 * 3 + exception.1 }, x)];
            let (a, b) = (base + start * 60, base + (start + length) * 60);
            let expected = minute_walk(&tz, &w, &holidays, &exceptions, a, b);
            let hours = OpenHours::new(tz, w, holidays, exceptions);
            prop_assert_eq!(hours.open_seconds(a, b), expected);
            // The timeline agrees, whether the span holds the query or only part of it.
            let inside = BusinessClock::new(hours.clone(), (base - 86_400 * 30, base + 86_400 * 60));
            prop_assert_eq!(inside.elapsed(a, b), expected);
            let partial = BusinessClock::new(hours, (a + length * 30, b + 86_400));
            prop_assert_eq!(partial.elapsed(a, b), expected);
        }
    }
}
