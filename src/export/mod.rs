//! `csstd export`: the helpdesk configuration a standard asks for (SPEC 10), as the
//! payloads of Zendesk's and Freshdesk's own APIs, and the drift between it and the
//! configuration saved from a helpdesk (`--check`).
//!
//! Built from the typed resolved standard of each region and the `[helpdesk]` mapping of
//! `csstd.toml`; never calls a helpdesk, never holds a credential. What a helpdesk cannot
//! express becomes a [`Warning`], never a silent omission. Files are written only through
//! the build's staging folder and lock ([`crate::build::output`]).

pub mod check;
pub mod freshdesk;
pub mod rails;
pub mod zendesk;

use crate::build::output::Staging;
use crate::build::{MANIFEST, Sink, Written};
use crate::diag::{Diagnostic, Severity};
use crate::model::node::Pos;
use crate::model::schema::HelpdeskSection;
use crate::model::standard::{At, Channel, Schedule, Sla, Standard};
use serde::Serialize;
use sha2::{Digest, Sha256};
use std::collections::BTreeMap;
use std::path::Path;
use std::sync::Arc;

/// The helpdesks csstd configures.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
pub enum System {
    Zendesk,
    Freshdesk,
}

impl System {
    /// The system as the command line, folders and JSON name it.
    pub fn name(self) -> &'static str {
        match self {
            System::Zendesk => "zendesk",
            System::Freshdesk => "freshdesk",
        }
    }

    /// How messages name it.
    pub fn title(self) -> &'static str {
        match self {
            System::Zendesk => "Zendesk",
            System::Freshdesk => "Freshdesk",
        }
    }

    /// Its time-zone overrides in `csstd.toml` (`[helpdesk.<system>.time_zones]`).
    pub fn time_zones(self, helpdesk: &HelpdeskSection) -> Option<&BTreeMap<String, String>> {
        match self {
            System::Zendesk => helpdesk
                .zendesk
                .as_ref()
                .and_then(|z| z.time_zones.as_ref()),
            System::Freshdesk => helpdesk
                .freshdesk
                .as_ref()
                .and_then(|f| f.time_zones.as_ref()),
        }
    }

    /// The ticket field that says the region: `[helpdesk.<system>] region_field`, else
    /// `brand_id` (Zendesk) or `group_id` (Freshdesk).
    pub fn region_field(self, helpdesk: &HelpdeskSection) -> &str {
        let (field, default) = match self {
            System::Zendesk => (
                helpdesk
                    .zendesk
                    .as_ref()
                    .and_then(|z| z.region_field.as_deref()),
                "brand_id",
            ),
            System::Freshdesk => (
                helpdesk
                    .freshdesk
                    .as_ref()
                    .and_then(|f| f.region_field.as_deref()),
                "group_id",
            ),
        };
        field.unwrap_or(default)
    }
}

/// One region to export: its id and its resolved standard.
pub struct Region<'a> {
    pub id: &'a str,
    pub std: Standard<'a>,
}

/// Something a helpdesk cannot express, at the value it concerns, said once for all the
/// regions it concerns.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Warning {
    pub pos: Pos,
    pub message: String,
    /// Sorted.
    pub regions: Vec<String>,
}

/// Warnings as they are found, merged by position and message.
#[derive(Debug, Default)]
pub struct Warnings(Vec<Warning>);

impl Warnings {
    pub fn add(&mut self, region: &str, pos: &Pos, message: impl Into<String>) {
        let message = message.into();
        match self
            .0
            .iter_mut()
            .find(|w| w.pos == *pos && w.message == message)
        {
            Some(w) => {
                if let Err(i) = w.regions.binary_search_by(|r| r.as_str().cmp(region)) {
                    w.regions.insert(i, region.to_owned());
                }
            }
            None => self.0.push(Warning {
                pos: pos.clone(),
                message,
                regions: vec![region.to_owned()],
            }),
        }
    }

    /// Every warning, by file, line, column, message.
    pub fn finish(mut self) -> Vec<Warning> {
        self.0
            .sort_by(|a, b| (&a.pos, &a.message).cmp(&(&b.pos, &b.message)));
        self.0
    }
}

impl Warning {
    /// As a diagnostic, for the rustc-style printer.
    pub fn diagnostic(&self, system: System) -> Diagnostic {
        let mut d = Diagnostic::input(self.pos.clone(), self.message.clone());
        d.severity = Severity::Warning;
        d.code = Some(format!("export/{}", system.name()));
        d.with_note(None, format!("in {}", regions_text(&self.regions)))
    }
}

/// `ja-JP`, or `12 regions: de-DE, en-GB, ...`.
fn regions_text(regions: &[String]) -> String {
    match regions {
        [one] => format!("region {one}"),
        many => format!("{} regions: {}", many.len(), many.join(", ")),
    }
}

/// The `[helpdesk]` mapping read backwards: from an id of the standard to the helpdesk
/// values that stand for it.
pub struct Mapping<'a> {
    pub helpdesk: &'a HelpdeskSection,
}

impl Mapping<'_> {
    /// The keys of `map` whose value is `id`, sorted; with none, `id` itself (SPEC 9: a
    /// value with no mapping is taken as an id), unless `id` is a key that means another.
    fn reverse(map: Option<&BTreeMap<String, String>>, id: &str) -> Vec<String> {
        let keys: Vec<String> = map
            .into_iter()
            .flatten()
            .filter(|(_, v)| v.as_str() == id)
            .map(|(k, _)| k.clone())
            .collect();
        if !keys.is_empty() || map.is_some_and(|m| m.contains_key(id)) {
            return keys;
        }
        vec![id.to_owned()]
    }

    /// The helpdesk priorities that mean priority `id`.
    pub fn priorities(&self, id: &str) -> Vec<String> {
        Self::reverse(self.helpdesk.priorities.as_ref(), id)
    }

    /// The helpdesk channel values that mean channel `id`.
    pub fn channels(&self, id: &str) -> Vec<String> {
        Self::reverse(self.helpdesk.channels.as_ref(), id)
    }

    /// The values of the region field that mean region `id`.
    pub fn regions(&self, id: &str) -> Vec<String> {
        Self::reverse(self.helpdesk.regions.as_ref(), id)
    }

    /// The helpdesk's ids (`id` of each value) for the channel values that mean channel
    /// `channel`: sorted, each once.
    pub fn channel_ids<T: Ord, I: IntoIterator<Item = T>>(
        &self,
        channel: &str,
        id: impl Fn(&str) -> I,
    ) -> Vec<T> {
        let mut ids: Vec<T> = self.channels(channel).iter().flat_map(|v| id(v)).collect();
        ids.sort_unstable();
        ids.dedup();
        ids
    }

    /// The helpdesk priorities (`key` of each value) that mean an SLA's priority; with
    /// none, a warning at the SLA, which is then not exported.
    pub fn sla_priorities<T>(
        &self,
        system: System,
        region: &Region<'_>,
        sla: &At<Sla<'_>>,
        warnings: &mut Warnings,
        key: impl Fn(&str) -> Option<T>,
    ) -> Vec<T> {
        let priority = sla.priority.as_ref().map_or("", |p| p.value);
        let keys: Vec<T> = self
            .priorities(priority)
            .iter()
            .filter_map(|p| key(p))
            .collect();
        if keys.is_empty() {
            warnings.add(
                region.id,
                &sla.pos,
                format!(
                    "SLA `{}`: no {} priority stands for `{priority}` (map one in [helpdesk.priorities], e.g. urgent = \"{priority}\"); not exported",
                    sla.id.value,
                    system.title()
                ),
            );
        }
        keys
    }
}

/// Where a mapping problem is fixed: `csstd.toml` (its start; the file may not exist yet).
pub fn manifest_pos() -> Pos {
    Pos::file_start(&Arc::from(crate::load::MANIFEST))
}

/// The name a schedule gets in the helpdesk: `ja-JP · office`. Names are how `--check`
/// finds it again, so they never depend on anything but the region and the schedule.
pub fn schedule_name(region: &str, schedule: &str) -> String {
    format!("{region} · {schedule}")
}

/// The helpdesk's name for a schedule's time zone (see [`schedule_zone`], [`zone_name`]).
pub fn time_zone(
    system: System,
    region: &Region<'_>,
    schedule: &At<Schedule<'_>>,
    helpdesk: &HelpdeskSection,
) -> Result<String, Diagnostic> {
    let (zone, at) = schedule_zone(region, schedule);
    zone_name(system, zone, &at, system.time_zones(helpdesk))
}

/// A schedule's IANA zone (its own, else the region's, else UTC) and where it is written.
fn schedule_zone<'a>(region: &Region<'a>, schedule: &'a At<Schedule<'a>>) -> (&'a str, Pos) {
    if let Some(tz) = &schedule.timezone {
        return (tz.value, tz.pos.clone());
    }
    match region
        .std
        .culture
        .as_ref()
        .and_then(|c| c.timezone.as_ref())
    {
        Some(tz) => (tz.value, tz.pos.clone()),
        None => ("UTC", schedule.pos.clone()),
    }
}

/// The helpdesk's (Rails) name for an IANA zone: the override of `csstd.toml` if any, else
/// Rails' own; an input error at the `timezone` when neither has one.
fn zone_name(
    system: System,
    zone: &str,
    at: &Pos,
    overrides: Option<&BTreeMap<String, String>>,
) -> Result<String, Diagnostic> {
    if let Some(name) = overrides.and_then(|o| o.get(zone)) {
        return Ok(name.clone());
    }
    if let Some(name) = rails::rails_of(zone) {
        return Ok(name.to_owned());
    }
    let example = rails::suggestion(zone).unwrap_or("Eastern Time (US & Canada)");
    Err(Diagnostic::input(
        at.clone(),
        format!(
            "time zone `{zone}` has no {} name: {} names zones as Ruby on Rails does, and Rails has none for it",
            system.title(),
            system.title()
        ),
    )
    .with_help(format!(
        "map it in csstd.toml: [helpdesk.{}.time_zones] \"{zone}\" = \"{example}\"",
        system.name()
    )))
}

/// Checks the time-zone overrides of `csstd.toml`: each must name a zone Rails knows (an
/// input error at the value otherwise).
pub fn check_overrides(
    system: System,
    overrides: Option<&BTreeMap<String, String>>,
    manifest: Option<&crate::model::node::Node>,
) -> Vec<Diagnostic> {
    let mut errors = Vec::new();
    for (zone, name) in overrides.into_iter().flatten() {
        if rails::iana_of(name).is_some() {
            continue;
        }
        let pos = manifest
            .and_then(|m| m.get("helpdesk"))
            .and_then(|h| h.get(system.name()))
            .and_then(|s| s.get("time_zones"))
            .and_then(|t| t.get(zone))
            .map_or_else(manifest_pos, |n| n.pos.clone());
        let close = crate::hint::did_you_mean(name, rails::MAPPING.iter().map(|(r, _)| *r));
        let mut d = Diagnostic::input(
            pos,
            format!(
                "`{name}` is not a {} time zone name (a Rails time zone such as `Eastern Time (US & Canada)` or `Tokyo`)",
                system.title()
            ),
        );
        if let Some(c) = close {
            d = d.with_help(format!("did you mean `{c}`?"));
        }
        errors.push(d);
    }
    errors
}

/// An SLA's `within` in whole seconds (loading checked it; an unreadable one is 0).
pub fn within_seconds(sla: &Sla<'_>) -> u64 {
    sla.within
        .as_ref()
        .and_then(|w| crate::model::quantity::parse_duration(w.value).ok())
        .unwrap_or(0)
}

/// A dated holiday of the schedule named `schedule`, from its first to its last day
/// (`date`, or `from`/`to`); none without dates.
pub fn dated_holiday(
    schedule: &str,
    h: &crate::model::standard::Holiday<'_>,
) -> Option<zendesk::Holiday> {
    let (start_date, end_date) = match (&h.date, &h.from, &h.to) {
        (Some(d), _, _) => (d.value.to_owned(), d.value.to_owned()),
        (None, Some(f), Some(t)) => (f.value.to_owned(), t.value.to_owned()),
        _ => return None,
    };
    Some(zendesk::Holiday {
        schedule: schedule.to_owned(),
        name: h.name.unwrap_or_default().to_owned(),
        start_date,
        end_date,
    })
}

/// A standard's SLAs, by id.
pub fn slas_by_id<'s>(std: &'s Standard<'s>) -> Vec<&'s At<Sla<'s>>> {
    let mut slas: Vec<&At<Sla<'_>>> = std.slas.iter().collect();
    slas.sort_by_key(|s| s.id.value);
    slas
}

/// An enabled channel of a standard and its SLAs.
pub type ChannelSlas<'s> = (&'s str, &'s At<Channel<'s>>, Vec<&'s At<Sla<'s>>>);

/// The enabled channels that have SLAs, each with its SLAs in the order of `slas`.
pub fn channels_with_slas<'s>(
    std: &'s Standard<'s>,
    slas: &[&'s At<Sla<'s>>],
) -> Vec<ChannelSlas<'s>> {
    std.enabled_channels()
        .map(|(channel, ch)| {
            let of_channel = slas
                .iter()
                .copied()
                .filter(|s| s.channel.as_ref().is_some_and(|c| c.value == channel))
                .collect();
            (channel, ch, of_channel)
        })
        .filter(|(_, _, of_channel): &ChannelSlas<'_>| !of_channel.is_empty())
        .collect()
}

/// SLA ids as a warning lists them: `` `a`, `b` ``.
pub fn sla_ids(slas: &[&At<Sla<'_>>]) -> String {
    slas.iter()
        .map(|s| format!("`{}`", s.id.value))
        .collect::<Vec<_>>()
        .join(", ")
}

/// Pretty JSON with a final newline: the bytes every payload file has.
pub fn pretty(value: &impl Serialize) -> Vec<u8> {
    let mut bytes = serde_json::to_vec_pretty(value).unwrap_or_default();
    bytes.push(b'\n');
    bytes
}

/// What an export writes: files by their path under `--out`, and what could not be said.
#[derive(Debug, Default)]
pub struct Export {
    pub files: BTreeMap<String, Vec<u8>>,
    pub warnings: Vec<Warning>,
    /// Regions written, sorted.
    pub regions: Vec<String>,
}

/// What a standard asks of one helpdesk, region by region (sorted by id).
#[derive(Debug)]
pub enum Expected {
    Zendesk(Vec<zendesk::RegionConfig>),
    Freshdesk(Vec<freshdesk::RegionConfig>),
}

impl Expected {
    /// The payload files, by path under `--out`.
    pub fn export(&self) -> Export {
        let mut export = Export::default();
        match self {
            Expected::Zendesk(c) => {
                zendesk::files(c, &mut export);
                export.regions = c.iter().map(|r| r.region.clone()).collect();
            }
            Expected::Freshdesk(c) => {
                freshdesk::files(c, &mut export);
                export.regions = c.iter().map(|r| r.region.clone()).collect();
            }
        }
        export
    }
}

/// The configuration `system` needs for the `selected` regions of `all` (every region of
/// the project, sorted by id: Zendesk's policy positions count them all, so a region's
/// files are the same whichever regions are exported with it). Input errors (a zone with
/// no helpdesk name, a bad override) are returned all at once.
pub fn plan(
    system: System,
    all: &[Region<'_>],
    selected: &[&str],
    helpdesk: &HelpdeskSection,
    manifest: Option<&crate::model::node::Node>,
) -> Result<(Expected, Vec<Warning>), Vec<Diagnostic>> {
    let mapping = Mapping { helpdesk };
    let mut warnings = Warnings::default();
    let mut errors = check_overrides(system, system.time_zones(helpdesk), manifest);
    let chosen = |id: &str| selected.contains(&id);
    let expected = match system {
        System::Zendesk => {
            let mut policies: Vec<(String, Vec<zendesk::Policy>)> = all
                .iter()
                .map(|r| {
                    // Unexported regions are numbered too; what they cannot say is not said.
                    let mut sink = Warnings::default();
                    let w = if chosen(r.id) {
                        &mut warnings
                    } else {
                        &mut sink
                    };
                    (r.id.to_owned(), zendesk::policies(r, &mapping, w))
                })
                .collect();
            zendesk::number(&mut policies);
            let mut configs = Vec::new();
            for (r, (_, p)) in all.iter().zip(policies) {
                if !chosen(r.id) {
                    continue;
                }
                for e in &r.std.escalations {
                    warnings.add(
                        r.id,
                        &e.pos,
                        format!(
                            "escalation `{}`: Zendesk SLA policies have no escalations; build it as an automation (after {}, to {})",
                            e.id.value,
                            e.after.as_ref().map_or("?", |a| a.value),
                            e.to.as_ref().map_or("?", |t| t.value)
                        ),
                    );
                }
                match zendesk::schedules(r, helpdesk, &mut warnings) {
                    Ok((schedules, holidays)) => configs.push(zendesk::RegionConfig {
                        region: r.id.to_owned(),
                        schedules,
                        holidays,
                        policies: p,
                    }),
                    Err(e) => errors.push(e),
                }
            }
            Expected::Zendesk(configs)
        }
        System::Freshdesk => {
            let mut configs = Vec::new();
            for r in all.iter().filter(|r| chosen(r.id)) {
                let policies = freshdesk::policies(r, &mapping, &mut warnings);
                match freshdesk::calendars(r, helpdesk, &mut warnings) {
                    Ok((calendars, holidays)) => configs.push(freshdesk::RegionConfig {
                        region: r.id.to_owned(),
                        calendars,
                        holidays,
                        policies,
                    }),
                    Err(e) => errors.push(e),
                }
            }
            Expected::Freshdesk(configs)
        }
    };
    if errors.is_empty() {
        Ok((expected, warnings.finish()))
    } else {
        Err(crate::load::sorted(errors))
    }
}

/// Writes the files into `out` atomically (staged, then swapped in), with a
/// `manifest.json` that lets the next export remove the files of regions it no longer
/// writes. Returns the notes of the swap.
pub fn write(out: &Path, files: &BTreeMap<String, Vec<u8>>) -> anyhow::Result<Vec<String>> {
    let staging = Staging::begin(out)?;
    let mut written = Vec::with_capacity(files.len());
    for (path, bytes) in files {
        staging.put(path, bytes)?;
        written.push(Written {
            path: path.clone(),
            sha256: hex(&Sha256::digest(bytes)),
            bytes: bytes.len(),
        });
    }
    #[derive(Serialize)]
    struct Manifest<'a> {
        version: u32,
        csstd_version: &'a str,
        files: &'a [Written],
    }
    let manifest = pretty(&Manifest {
        version: 1,
        csstd_version: env!("CARGO_PKG_VERSION"),
        files: &written,
    });
    staging.put(MANIFEST, &manifest)?;
    Ok(staging.commit()?.notes(out))
}

fn hex(digest: &[u8]) -> String {
    digest.iter().map(|b| format!("{b:02x}")).collect()
}

#[cfg(test)]
mod tests {
    use super::{Mapping, Warnings};
    use crate::model::node::Pos;
    use crate::model::schema::HelpdeskSection;
    use std::sync::Arc;

    #[test]
    fn the_mapping_reads_backwards_and_falls_back_to_the_id() {
        let helpdesk = HelpdeskSection {
            channels: Some(
                [("web", "email"), ("email", "email"), ("voice", "phone")]
                    .iter()
                    .map(|(k, v)| (k.to_string(), v.to_string()))
                    .collect(),
            ),
            ..Default::default()
        };
        let m = Mapping {
            helpdesk: &helpdesk,
        };
        assert_eq!(m.channels("email"), ["email", "web"]);
        assert_eq!(m.channels("phone"), ["voice"]);
        assert_eq!(m.channels("chat"), ["chat"]);
        // `voice` means phone: it is no value of a channel named `voice`.
        assert!(m.channels("voice").is_empty());
        assert_eq!(m.priorities("p1"), ["p1"]);
    }

    #[test]
    fn warnings_are_said_once_for_every_region() {
        let file: Arc<str> = Arc::from("standards/global.toml");
        let mut w = Warnings::default();
        w.add("ja-JP", &Pos::new(&file, 9, 1), "late");
        w.add("de-DE", &Pos::new(&file, 9, 1), "late");
        w.add("de-DE", &Pos::new(&file, 3, 1), "early");
        let all = w.finish();
        assert_eq!(all.len(), 2);
        assert_eq!(all[0].message, "early");
        assert_eq!(all[1].regions, ["de-DE", "ja-JP"]);
    }
}
