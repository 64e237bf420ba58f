//! What a handbook template sees as `handbook`: the page's parts, grouped, ordered and
//! labelled in Rust from the typed standard, so templates only lay them out.
//!
//! Every label, target and duration is written in the handbook language here (with the
//! same catalogue functions as the template filters); source Markdown (clause text,
//! appended guidance, legal notes) stays source, for the template's `md`/`markdown`
//! filter, which knows the output format.

use minijinja::Value;
use serde::Serialize;

use super::filters::{duration_of, duration_seconds, label_of, shortest_first, target_of};
use crate::model::schema::Clock;
use crate::model::standard::{DayHours, Escalation, Sla, Standard, Text, WEEKDAYS};
use crate::translate::apply::Marks;

/// The whole page.
#[derive(Debug, Serialize)]
pub struct Handbook<'a> {
    /// The standard's title, else its id.
    pub title: Option<&'a str>,
    /// `[culture] name` of the region.
    pub region_name: Option<&'a str>,
    pub region_id: Option<&'a str>,
    pub standard_id: Option<&'a str>,
    pub version: Option<&'a str>,
    pub effective: Option<&'a str>,
    /// Governance in force for the region: the culture's, else the standard's (as lint
    /// reads it).
    pub last_reviewed: Option<&'a str>,
    /// "Every {n} months" in the handbook language.
    pub review_interval: Option<String>,
    pub owner: Option<&'a str>,
    pub approvers: Vec<&'a str>,
    pub contributors: Vec<&'a str>,
    /// From the base standard to the region.
    pub chain: Vec<&'a str>,
    /// The language of the source text where it differs from the handbook language.
    pub source_lang: Option<&'a str>,
    pub communication: CommunicationView<'a>,
    pub channels: Vec<ChannelView<'a>>,
    /// Labels of the channels that are not offered.
    pub not_offered: Vec<String>,
    pub business_hours: Option<&'a str>,
    pub timezone: Option<&'a str>,
    pub holidays: Vec<&'a str>,
    pub schedules: Vec<ScheduleView<'a>>,
    /// Priorities, SLAs or escalations are defined.
    pub has_service_levels: bool,
    pub priorities: Vec<PriorityView<'a>>,
    /// One table per SLA measure, in order of first appearance.
    pub sla_tables: Vec<SlaTable<'a>>,
    /// Escalation steps per priority (priorities without any left out).
    pub escalations: Vec<EscalationGroup<'a>>,
    pub sections: Vec<SectionView<'a>>,
    pub metrics: Vec<MetricView<'a>>,
    pub legal: Vec<LegalView<'a>>,
}

/// A label and a value, for a definition list.
#[derive(Debug, Serialize)]
pub struct Fact {
    pub label: String,
    pub value: String,
}

#[derive(Debug, Serialize)]
pub struct CommunicationView<'a> {
    /// Directness, context and formality, as set.
    pub profile: Vec<Fact>,
    pub address: Option<&'a str>,
    pub greeting: Option<&'a str>,
    #[serde(rename = "do")]
    pub dos: Vec<&'a str>,
    pub avoid: Vec<&'a str>,
    /// Nothing at all is said about communication.
    pub empty: bool,
    /// Set where the value is shown untranslated (its `lang`/`dir` and label); the lists
    /// have one entry per item of `do` and `avoid`.
    pub address_mark: Option<MarkView>,
    pub greeting_mark: Option<MarkView>,
    pub do_marks: Vec<Option<MarkView>>,
    pub avoid_marks: Vec<Option<MarkView>>,
}

#[derive(Debug, Serialize)]
pub struct ChannelView<'a> {
    pub name: &'a str,
    pub label: String,
    pub recorded: bool,
    pub languages: Vec<&'a str>,
    pub schedule: Option<&'a str>,
    /// One row per target key (then per key customers expect something for); a channel
    /// with neither has one empty row.
    pub rows: Vec<TargetRow>,
}

#[derive(Debug, Serialize, Default)]
pub struct TargetRow {
    pub key: Option<String>,
    pub target: Option<String>,
    pub expected: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ScheduleView<'a> {
    pub id: &'a str,
    /// The schedule `[culture] schedule` names.
    pub is_business_hours: bool,
    pub timezone: Option<&'a str>,
    pub days: Vec<DayView>,
    pub holidays: Vec<HolidayView<'a>>,
    /// Dated periods with other hours, in file order.
    pub exceptions: Vec<ExceptionView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ExceptionView<'a> {
    pub name: Option<&'a str>,
    /// `2027-02-08 – 2027-03-08`.
    pub period: String,
    /// The week within the period, Monday to Sunday; absent days are closed.
    pub days: Vec<DayView>,
}

#[derive(Debug, Serialize)]
pub struct DayView {
    pub label: String,
    pub all_day: bool,
    /// Opening hours as shown (`09:00–18:00`, or `09:00–12:00, 13:00–18:00` with a
    /// break); none when closed or open all day.
    pub hours: Option<String>,
    /// Each interval as shown, for templates that lay a break out themselves.
    pub intervals: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct HolidayView<'a> {
    pub name: Option<&'a str>,
    /// `2027-01-01`, or `2026-12-24 – 2026-12-26`.
    pub date: String,
}

#[derive(Debug, Serialize)]
pub struct PriorityView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Set when the title is shown untranslated (its `lang`/`dir`).
    pub title_mark: Option<MarkView>,
    pub definition: Option<&'a str>,
    pub examples: Vec<&'a str>,
    /// Set where the definition, or each example, is shown untranslated.
    pub definition_mark: Option<MarkView>,
    pub example_marks: Vec<Option<MarkView>>,
}

#[derive(Debug, Serialize)]
pub struct SlaTable<'a> {
    pub measure: &'a str,
    pub label: String,
    pub channels: Vec<ChannelLabel<'a>>,
    /// One row per priority (those the SLAs name but `priorities` lacks come last).
    pub rows: Vec<SlaRow<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ChannelLabel<'a> {
    pub name: &'a str,
    pub label: String,
}

#[derive(Debug, Serialize)]
pub struct SlaRow<'a> {
    pub priority: &'a str,
    /// Per channel of the table, every SLA for this priority there.
    pub cells: Vec<Vec<SlaCell<'a>>>,
}

#[derive(Debug, Serialize)]
pub struct SlaCell<'a> {
    pub within: String,
    /// The clock's label; calendar time where the SLA names none.
    pub clock: String,
    pub schedule: Option<&'a str>,
    pub attainment: Option<String>,
    pub tier: Option<&'a str>,
}

#[derive(Debug, Serialize)]
pub struct EscalationGroup<'a> {
    /// The priority's title, else its id.
    pub priority: &'a str,
    pub priority_id: &'a str,
    /// Shortest `after` first.
    pub steps: Vec<EscalationStep<'a>>,
}

#[derive(Debug, Serialize)]
pub struct EscalationStep<'a> {
    pub after: String,
    pub clock: String,
    pub to: Option<&'a str>,
    pub via: Option<&'a str>,
    /// Set where `to` or `via` is shown untranslated.
    pub to_mark: Option<MarkView>,
    pub via_mark: Option<MarkView>,
}

#[derive(Debug, Serialize)]
pub struct SectionView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Set when the title is shown untranslated (its `lang`/`dir`).
    pub title_mark: Option<MarkView>,
    pub measurable: bool,
    pub clauses: Vec<ClauseView<'a>>,
}

#[derive(Debug, Serialize)]
pub struct ClauseView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Set when the title is shown untranslated (its `lang`/`dir`).
    pub title_mark: Option<MarkView>,
    pub locked: bool,
    /// Source Markdown (translated where the catalogue has it).
    pub text: Option<&'a str>,
    /// Set when some of `text` is shown untranslated.
    pub text_mark: Option<MarkView>,
    pub appended: Vec<AppendedView<'a>>,
    pub metric: Option<ClauseMetric<'a>>,
    /// Labels of the principles it serves.
    pub principles: Vec<String>,
}

#[derive(Debug, Serialize)]
pub struct AppendedView<'a> {
    /// "Local guidance ({from})" in the handbook language.
    pub label: String,
    /// Source Markdown (translated where the catalogue has it).
    pub text: &'a str,
    /// Set when some of `text` is shown untranslated.
    pub mark: Option<MarkView>,
}

#[derive(Debug, Serialize)]
pub struct ClauseMetric<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub target: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct MetricView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Set when the title is shown untranslated (its `lang`/`dir`).
    pub title_mark: Option<MarkView>,
    pub category: Option<String>,
    pub target: Option<String>,
    pub measured_by: Option<&'a str>,
    /// Set where `measured_by` is shown untranslated.
    pub measured_by_mark: Option<MarkView>,
    pub frequency: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct LegalView<'a> {
    pub id: &'a str,
    pub title: &'a str,
    /// Set when the title is shown untranslated (its `lang`/`dir`).
    pub title_mark: Option<MarkView>,
    pub topics: Vec<String>,
    /// Source Markdown (translated where the catalogue has it).
    pub note: Option<&'a str>,
    /// Set when some of `note` is shown untranslated.
    pub note_mark: Option<MarkView>,
    pub reference: Option<&'a str>,
}

/// A value shown (partly) in its source language, for want of a translation.
#[derive(Debug, Serialize)]
pub struct MarkView {
    /// The language the text is written in, for `lang`.
    pub lang: String,
    /// Its direction, for `dir`.
    pub dir: &'static str,
    /// "Not yet translated" in the handbook language.
    pub label: String,
    /// The whole value is untranslated (so `lang` applies to all of it), not only some
    /// of its blocks.
    pub whole: bool,
    /// When only some blocks are: their byte ranges in the text, `[start, end]`, which
    /// `text|markdown(mark=...)` wraps in `<span lang dir>`.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub spans: Vec<[usize; 2]>,
}

/// The mark of the value at `t`, if it shows untranslated text.
fn mark_of(marks: Option<&Marks>, t: Option<&Text<'_>>, strings: &Value) -> Option<MarkView> {
    let m = marks?.get(&t?.pos)?;
    Some(MarkView {
        lang: m.lang.clone(),
        dir: super::text_direction(&m.lang),
        label: catalogue_str(strings, "not_yet_translated"),
        whole: m.whole,
        spans: m.kept.iter().map(|r| [r.start, r.end]).collect(),
    })
}

/// The text of an optional value.
fn text<'a>(t: Option<&Text<'a>>) -> Option<&'a str> {
    t.map(|t| t.value)
}

/// The first of two values that is set and not empty (a template's `a or b`).
fn either<'a>(a: Option<&'a str>, b: Option<&'a str>) -> Option<&'a str> {
    a.filter(|s| !s.is_empty()).or(b)
}

/// A title, else the id.
fn title_or<'a>(title: Option<&Text<'a>>, id: &'a str) -> &'a str {
    either(text(title), Some(id)).unwrap_or(id)
}

pub(super) fn clock_word(clock: Clock) -> &'static str {
    match clock {
        Clock::Business => "business",
        Clock::Calendar => "calendar",
    }
}

/// Builds the page of one region from its typed standard, labelled with `strings` (the
/// catalogue of the handbook language).
pub fn handbook<'a>(
    std: &'a Standard<'a>,
    chain: &'a [String],
    strings: &'a Value,
    lang: &'a str,
    marks: Option<&Marks>,
) -> Handbook<'a> {
    let culture = std.culture.as_ref();
    let meta = &std.standard;
    // Governance in force is the one lint checks (`Standard::owner()` and friends): the
    // culture's value where it sets one, else the standard's.
    let review_months = std
        .review_every_months()
        .map(|m| m.value)
        .filter(|m| *m != 0);
    let approvers = std.approvers().map(|a| a.value.clone()).unwrap_or_default();
    let source = either(text(meta.default_language.as_ref()), Some(lang)).unwrap_or(lang);
    // With catalogues in play, each value says for itself that it is untranslated.
    let source_lang = (source != lang && marks.is_none()).then_some(source);
    Handbook {
        title: either(text(meta.title.as_ref()), text(meta.id.as_ref())),
        region_name: culture.and_then(|c| text(c.name.as_ref())),
        region_id: culture.and_then(|c| text(c.id.as_ref())),
        standard_id: text(meta.id.as_ref()),
        version: text(meta.version.as_ref()),
        effective: text(meta.effective.as_ref()),
        last_reviewed: text(std.last_reviewed()).filter(|t| !t.is_empty()),
        review_interval: review_months
            .map(|n| catalogue_str(strings, "months").replace("{n}", &n.to_string())),
        owner: text(std.owner()).filter(|t| !t.is_empty()),
        approvers,
        contributors: meta.contributors.clone().unwrap_or_default(),
        chain: chain.iter().map(String::as_str).collect(),
        source_lang,
        communication: communication(std, strings, marks),
        channels: channels(std, strings),
        not_offered: std
            .channels
            .iter()
            .filter(|(_, c)| !c.is_enabled())
            .map(|(name, _)| label_of(strings, name, "channel"))
            .collect(),
        business_hours: culture.and_then(|c| text(c.business_hours.as_ref())),
        timezone: culture.and_then(|c| text(c.timezone.as_ref())),
        holidays: culture.and_then(|c| c.holidays.clone()).unwrap_or_default(),
        schedules: schedules(std, strings),
        has_service_levels: !(std.priorities.is_empty()
            && std.slas.is_empty()
            && std.escalations.is_empty()),
        priorities: std
            .priorities
            .iter()
            .map(|p| PriorityView {
                id: p.id.value,
                title: title_or(p.title.as_ref(), p.id.value),
                title_mark: mark_of(marks, p.title.as_ref(), strings),
                definition: text(p.definition.as_ref()),
                examples: p.examples.iter().map(|e| e.value).collect(),
                definition_mark: mark_of(marks, p.definition.as_ref(), strings),
                example_marks: p
                    .examples
                    .iter()
                    .map(|e| mark_of(marks, Some(e), strings))
                    .collect(),
            })
            .collect(),
        sla_tables: sla_tables(std, strings),
        escalations: escalations(std, strings, marks),
        sections: sections(std, strings, marks),
        metrics: std
            .metrics
            .iter()
            .map(|m| MetricView {
                id: m.id.value,
                title: title_or(m.title.as_ref(), m.id.value),
                title_mark: mark_of(marks, m.title.as_ref(), strings),
                category: text(m.category.as_ref()).map(|c| label_of(strings, c, "category")),
                target: text(m.target.as_ref()).map(|t| target_of(strings, t, None)),
                measured_by: text(m.measured_by.as_ref()),
                measured_by_mark: mark_of(marks, m.measured_by.as_ref(), strings),
                frequency: text(m.frequency.as_ref()).map(|f| label_of(strings, f, "frequency")),
            })
            .collect(),
        legal: std
            .legal
            .iter()
            .map(|n| LegalView {
                id: n.id.value,
                title: title_or(n.title.as_ref(), n.id.value),
                title_mark: mark_of(marks, n.title.as_ref(), strings),
                topics: n
                    .topics
                    .iter()
                    .map(|t| label_of(strings, t, "topic"))
                    .collect(),
                note: text(n.note.as_ref()),
                note_mark: mark_of(marks, n.note.as_ref(), strings),
                reference: text(n.reference.as_ref()),
            })
            .collect(),
    }
}

pub(super) fn communication<'a>(
    std: &'a Standard<'a>,
    strings: &'a Value,
    marks: Option<&Marks>,
) -> CommunicationView<'a> {
    let comm = &std.communication;
    let profile: Vec<Fact> = [
        ("directness", &comm.directness),
        ("context", &comm.context),
        ("formality", &comm.formality),
    ]
    .into_iter()
    .filter_map(|(key, value)| {
        let value = text(value.as_ref()).filter(|v| !v.is_empty())?;
        Some(Fact {
            label: catalogue_str(strings, key),
            value: label_of(strings, value, key),
        })
    })
    .collect();
    let address = text(comm.address.as_ref()).filter(|s| !s.is_empty());
    let greeting = text(comm.greeting.as_ref()).filter(|s| !s.is_empty());
    let empty = profile.is_empty()
        && address.is_none()
        && greeting.is_none()
        && comm.dos.is_empty()
        && comm.avoid.is_empty();
    let item_marks = |items: &[Text<'_>]| -> Vec<Option<MarkView>> {
        items
            .iter()
            .map(|t| mark_of(marks, Some(t), strings))
            .collect()
    };
    CommunicationView {
        profile,
        address,
        greeting,
        dos: comm.dos.iter().map(|t| t.value).collect(),
        avoid: comm.avoid.iter().map(|t| t.value).collect(),
        empty,
        address_mark: address.and(mark_of(marks, comm.address.as_ref(), strings)),
        greeting_mark: greeting.and(mark_of(marks, comm.greeting.as_ref(), strings)),
        do_marks: item_marks(&comm.dos),
        avoid_marks: item_marks(&comm.avoid),
    }
}

/// The catalogue string `key` (empty where the catalogue has none).
pub(super) fn catalogue_str(strings: &Value, key: &str) -> String {
    strings
        .get_attr(key)
        .ok()
        .and_then(|v| v.as_str().map(str::to_owned))
        .unwrap_or_default()
}

fn channels<'a>(std: &'a Standard<'a>, strings: &'a Value) -> Vec<ChannelView<'a>> {
    std.enabled_channels()
        .map(|(name, channel)| {
            let expected = std.expectations.get(name);
            let mut keys: Vec<&str> = channel.targets.keys().copied().collect();
            for key in expected.into_iter().flat_map(|e| e.keys()) {
                if !keys.contains(key) {
                    keys.push(key);
                }
            }
            let mut rows: Vec<TargetRow> = keys
                .iter()
                .map(|key| TargetRow {
                    key: Some(label_of(strings, key, "target")),
                    target: channel
                        .targets
                        .get(key)
                        .map(|t| target_of(strings, t, None)),
                    expected: expected
                        .and_then(|e| e.get(key))
                        .map(|t| target_of(strings, t, None)),
                })
                .collect();
            if rows.is_empty() {
                rows.push(TargetRow::default());
            }
            ChannelView {
                name,
                label: label_of(strings, name, "channel"),
                recorded: channel.recorded.as_ref().is_some_and(|r| r.value),
                languages: channel.languages.clone(),
                schedule: text(channel.schedule.as_ref()),
                rows,
            }
        })
        .collect()
}

fn schedules<'a>(std: &'a Standard<'a>, strings: &'a Value) -> Vec<ScheduleView<'a>> {
    let business = std.culture.as_ref().and_then(|c| text(c.schedule.as_ref()));
    std.schedules
        .iter()
        .map(|s| ScheduleView {
            id: s.id.value,
            is_business_hours: business == Some(s.id.value),
            timezone: text(s.timezone.as_ref()),
            days: days(s.week(), strings),
            holidays: s
                .holidays()
                .iter()
                .map(|h| HolidayView {
                    name: h.name,
                    date: match text(h.date.as_ref()).filter(|d| !d.is_empty()) {
                        Some(date) => date.to_owned(),
                        None => format!(
                            "{} – {}",
                            text(h.from.as_ref()).unwrap_or(""),
                            text(h.to.as_ref()).unwrap_or("")
                        ),
                    },
                })
                .collect(),
            exceptions: s
                .exceptions()
                .iter()
                .map(|e| ExceptionView {
                    name: e.name,
                    period: format!(
                        "{} – {}",
                        text(e.from.as_ref()).unwrap_or(""),
                        text(e.to.as_ref()).unwrap_or("")
                    ),
                    days: days(e.week(), strings),
                })
                .collect(),
        })
        .collect()
}

/// One row per weekday, Monday first, labelled in the handbook's language.
fn days(week: [Option<&DayHours<'_>>; 7], strings: &Value) -> Vec<DayView> {
    WEEKDAYS
        .iter()
        .zip(week)
        .map(|(day, hours)| {
            let all_day = hours.is_some_and(DayHours::is_all_day);
            let intervals: Vec<String> = hours
                .filter(|_| !all_day)
                .map(|h| h.intervals.iter().map(ToString::to_string).collect())
                .unwrap_or_default();
            DayView {
                label: catalogue_str(strings, &format!("day_{day}")),
                all_day,
                hours: (!intervals.is_empty()).then(|| intervals.join(", ")),
                intervals,
            }
        })
        .collect()
}

fn sla_cell<'a>(sla: &'a Sla<'a>, strings: &Value) -> SlaCell<'a> {
    let clock = clock_word(sla.clock());
    SlaCell {
        within: target_of(
            strings,
            text(sla.within.as_ref()).unwrap_or(""),
            Some(clock),
        ),
        clock: label_of(strings, clock, "clock"),
        schedule: text(sla.schedule.as_ref()),
        attainment: text(sla.attainment.as_ref())
            .filter(|a| !a.is_empty())
            .map(|a| target_of(strings, a, None)),
        tier: text(sla.tier.as_ref()).filter(|t| !t.is_empty()),
    }
}

fn sla_tables<'a>(std: &'a Standard<'a>, strings: &'a Value) -> Vec<SlaTable<'a>> {
    let field = |t: &Option<Text<'a>>| text(t.as_ref()).unwrap_or("");
    let mut measures: Vec<&str> = Vec::new();
    for sla in &std.slas {
        if !measures.contains(&field(&sla.measure)) {
            measures.push(field(&sla.measure));
        }
    }
    measures
        .into_iter()
        .map(|measure| {
            let of_measure: Vec<&Sla<'a>> = std
                .slas
                .iter()
                .filter(|s| field(&s.measure) == measure)
                .map(|s| &s.value)
                .collect();
            let mut channels: Vec<&str> = std
                .channels
                .keys()
                .copied()
                .filter(|name| of_measure.iter().any(|s| field(&s.channel) == *name))
                .collect();
            for sla in &of_measure {
                if !channels.contains(&field(&sla.channel)) {
                    channels.push(field(&sla.channel));
                }
            }
            let mut rows: Vec<(&str, &str)> = std
                .priorities
                .iter()
                .map(|p| (p.id.value, title_or(p.title.as_ref(), p.id.value)))
                .collect();
            for sla in &of_measure {
                let id = field(&sla.priority);
                if !rows.iter().any(|(p, _)| *p == id) {
                    rows.push((id, id));
                }
            }
            SlaTable {
                measure,
                label: label_of(strings, measure, "target"),
                channels: channels
                    .iter()
                    .map(|name| ChannelLabel {
                        name,
                        label: label_of(strings, name, "channel"),
                    })
                    .collect(),
                rows: rows
                    .into_iter()
                    .map(|(id, title)| SlaRow {
                        priority: title,
                        cells: channels
                            .iter()
                            .map(|channel| {
                                of_measure
                                    .iter()
                                    .filter(|s| {
                                        field(&s.priority) == id && field(&s.channel) == *channel
                                    })
                                    .map(|s| sla_cell(s, strings))
                                    .collect()
                            })
                            .collect(),
                    })
                    .collect(),
            }
        })
        .collect()
}

fn escalation_step<'a>(
    e: &'a Escalation<'a>,
    strings: &Value,
    marks: Option<&Marks>,
) -> EscalationStep<'a> {
    let clock = clock_word(e.clock());
    let via = text(e.via.as_ref()).filter(|v| !v.is_empty());
    EscalationStep {
        after: duration_of(strings, text(e.after.as_ref()).unwrap_or(""), Some(clock)),
        clock: label_of(strings, clock, "clock"),
        to: text(e.to.as_ref()),
        via,
        to_mark: mark_of(marks, e.to.as_ref(), strings),
        via_mark: via.and(mark_of(marks, e.via.as_ref(), strings)),
    }
}

pub(super) fn escalations<'a>(
    std: &'a Standard<'a>,
    strings: &'a Value,
    marks: Option<&Marks>,
) -> Vec<EscalationGroup<'a>> {
    std.priorities
        .iter()
        .filter_map(|p| {
            let mut steps: Vec<&Escalation<'a>> = std
                .escalations
                .iter()
                .filter(|e| text(e.priority.as_ref()) == Some(p.id.value))
                .map(|e| &e.value)
                .collect();
            if steps.is_empty() {
                return None;
            }
            // Shortest first; steps without a readable duration keep their order at the end.
            let after = |e: &Escalation<'_>| text(e.after.as_ref()).and_then(duration_seconds);
            steps.sort_by(|a, b| shortest_first(after(a), after(b)));
            Some(EscalationGroup {
                priority: title_or(p.title.as_ref(), p.id.value),
                priority_id: p.id.value,
                steps: steps
                    .into_iter()
                    .map(|e| escalation_step(e, strings, marks))
                    .collect(),
            })
        })
        .collect()
}

fn sections<'a>(
    std: &'a Standard<'a>,
    strings: &'a Value,
    marks: Option<&Marks>,
) -> Vec<SectionView<'a>> {
    let guidance = catalogue_str(strings, "local_guidance");
    std.sections
        .iter()
        .map(|s| SectionView {
            id: s.id.value,
            title: title_or(s.title.as_ref(), s.id.value),
            title_mark: mark_of(marks, s.title.as_ref(), strings),
            measurable: s.measurable.as_ref().is_some_and(|m| m.value),
            clauses: std
                .clauses
                .iter()
                .filter(|c| text(c.section.as_ref()) == Some(s.id.value))
                .map(|c| ClauseView {
                    id: c.id.value,
                    title: title_or(c.title.as_ref(), c.id.value),
                    title_mark: mark_of(marks, c.title.as_ref(), strings),
                    locked: c.is_locked(),
                    text: text(c.text.as_ref()),
                    text_mark: mark_of(marks, c.text.as_ref(), strings),
                    appended: c
                        .appended
                        .iter()
                        .map(|a| AppendedView {
                            label: guidance.replace("{from}", a.from),
                            text: a.text.value,
                            mark: mark_of(marks, Some(&a.text), strings),
                        })
                        .collect(),
                    metric: text(c.metric.as_ref()).filter(|m| !m.is_empty()).map(|id| {
                        let m = std.metric(id);
                        ClauseMetric {
                            id,
                            title: m.map_or(id, |m| title_or(m.title.as_ref(), id)),
                            target: m
                                .and_then(|m| text(m.target.as_ref()))
                                .filter(|t| !t.is_empty())
                                .map(|t| target_of(strings, t, None)),
                        }
                    }),
                    principles: c
                        .principles
                        .iter()
                        .map(|p| label_of(strings, p, "principle"))
                        .collect(),
                })
                .collect(),
        })
        .collect()
}
