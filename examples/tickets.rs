//! Generates a realistic ticket export for the shipped regions, for `csstd measure`:
//! `cargo run --release --example tickets [-- OUT.csv] [--tickets N] [--seed S]`
//! (default `examples/tickets/tickets.csv`, 5,000 tickets, seed 2027).
//!
//! Deterministic: the same arguments write the same bytes. Tickets are created in
//! March 2027 (across the European and North American daylight-saving changes and part
//! of Ramadan), mostly in each region's working hours; some are still open, a few carry
//! helpdesk values the standard does not know (a `fax` channel, an `urgent!` priority),
//! so the report shows unmatched values too.

use jiff::Timestamp;
use jiff::tz::TimeZone;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::process::ExitCode;

const REGIONS: [(&str, &str); 12] = [
    ("ar-SA", "Asia/Riyadh"),
    ("de-DE", "Europe/Berlin"),
    ("en-GB", "Europe/London"),
    ("en-IN", "Asia/Kolkata"),
    ("en-US", "America/New_York"),
    ("es-MX", "America/Mexico_City"),
    ("fr-CA", "America/Toronto"),
    ("fr-FR", "Europe/Paris"),
    ("ja-JP", "Asia/Tokyo"),
    ("ko-KR", "Asia/Seoul"),
    ("pt-BR", "America/Sao_Paulo"),
    ("zh-CN", "Asia/Shanghai"),
];

/// SplitMix64: small, fast and the same everywhere.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9e37_79b9_7f4a_7c15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xbf58_476d_1ce4_e5b9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94d0_49bb_1331_11eb);
        z ^ (z >> 31)
    }
    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
    fn unit(&mut self) -> f64 {
        (self.next() >> 11) as f64 / (1u64 << 53) as f64
    }
    /// A delay with a long tail: most replies are quick, some take days.
    fn delay(&mut self, median: f64) -> i64 {
        let u = self.unit().max(1e-12);
        (median * (u / (1.0 - u)).powf(0.8)) as i64
    }
    fn pick<'a, T>(&mut self, items: &'a [(T, u64)]) -> &'a T {
        let total: u64 = items.iter().map(|(_, w)| w).sum();
        let mut x = self.below(total);
        for (item, w) in items {
            if x < *w {
                return item;
            }
            x -= w;
        }
        &items[0].0
    }
}

fn stamp(t: i64, tz: &TimeZone) -> String {
    Timestamp::from_second(t)
        .map(|ts| {
            ts.to_zoned_datetime(tz.clone())
                .strftime("%Y-%m-%dT%H:%M:%S%:z")
                .to_string()
        })
        .unwrap_or_default()
}

fn main() -> ExitCode {
    let mut out = PathBuf::from("examples/tickets/tickets.csv");
    let (mut count, mut seed) = (5_000u64, 2027u64);
    let mut args = std::env::args().skip(1);
    while let Some(a) = args.next() {
        let mut value = |name: &str| match args.next().and_then(|v| v.parse::<u64>().ok()) {
            Some(v) => Ok(v),
            None => Err(format!("{name} needs a number")),
        };
        let parsed = match a.as_str() {
            "--tickets" => value("--tickets").map(|v| count = v),
            "--seed" => value("--seed").map(|v| seed = v),
            _ if !a.starts_with('-') => {
                out = PathBuf::from(&a);
                Ok(())
            }
            _ => Err(format!("unknown option {a}")),
        };
        if let Err(e) = parsed {
            eprintln!("{e}\nusage: tickets [OUT.csv] [--tickets N] [--seed S]");
            return ExitCode::from(2);
        }
    }
    let zones: Vec<TimeZone> = REGIONS
        .iter()
        .map(|(_, z)| {
            jiff::tz::db()
                .get(z)
                .expect("a zone of the bundled database")
        })
        .collect();
    let start = "2027-03-01T00:00:00Z"
        .parse::<Timestamp>()
        .map_or(0, |t| t.as_second());
    let end_of_export = start + 31 * 86_400;
    let mut rng = Rng(seed);
    let mut text = String::from(
        "id,region,channel,priority,tier,created_at,first_response_at,resolution_at,satisfaction\n",
    );
    let channels = [
        ("email", 45),
        ("chat", 25),
        ("phone", 20),
        ("social", 9),
        ("fax", 1),
    ];
    let priorities = [
        ("p1", 3),
        ("p2", 12),
        ("p3", 45),
        ("p4", 39),
        ("urgent!", 1),
    ];
    let scores = [
        ("5", 40),
        ("4", 25),
        ("3", 10),
        ("2", 5),
        ("1", 5),
        ("", 15),
    ];
    for i in 0..count {
        let r = rng.below(REGIONS.len() as u64) as usize;
        let tz = &zones[r];
        // Mostly in local working hours: a day of March, then an hour weighted to 9–18.
        let day = start + rng.below(31) as i64 * 86_400;
        let hour = *rng.pick(&[
            (9, 3),
            (10, 4),
            (11, 4),
            (12, 2),
            (13, 3),
            (14, 4),
            (15, 4),
            (16, 3),
            (17, 2),
            (20, 1),
            (2, 1),
        ]);
        let offset = i64::from(
            tz.to_offset(Timestamp::from_second(day).unwrap_or(Timestamp::UNIX_EPOCH))
                .seconds(),
        );
        let created = day + hour * 3600 - offset + rng.below(3600) as i64;
        let channel = *rng.pick(&channels);
        let priority = *rng.pick(&priorities);
        let median = match (channel, priority) {
            ("chat", _) => 5.0,
            ("phone", _) => 2.0,
            (_, "p1") => 240.0,
            (_, "p2") => 1_200.0,
            _ => 2.0 * 3_600.0,
        };
        let first = created + rng.delay(median).max(5);
        let first = (first < end_of_export && rng.below(50) != 0).then_some(first);
        let resolved = first
            .map(|f| f + rng.delay(median * 4.0 + 1_800.0))
            .filter(|&r| r < end_of_export && rng.below(12) != 0);
        let tier = if rng.below(10) == 0 { "enterprise" } else { "" };
        let score = if resolved.is_some() {
            *rng.pick(&scores)
        } else {
            ""
        };
        let _ = writeln!(
            text,
            "T{:06},{},{channel},{priority},{tier},{},{},{},{score}",
            i + 1,
            REGIONS[r].0,
            stamp(created, tz),
            first.map(|f| stamp(f, tz)).unwrap_or_default(),
            resolved.map(|f| stamp(f, tz)).unwrap_or_default(),
        );
    }
    if let Some(parent) = out.parent().filter(|p| !p.as_os_str().is_empty()) {
        if let Err(e) = std::fs::create_dir_all(parent) {
            eprintln!("cannot create {}: {e}", parent.display());
            return ExitCode::from(2);
        }
    }
    match std::fs::write(&out, text) {
        Ok(()) => {
            eprintln!("wrote {count} tickets to {}", out.display());
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("cannot write {}: {e}", out.display());
            ExitCode::from(2)
        }
    }
}
