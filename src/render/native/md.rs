//! `templates/handbook.md.j2` in Rust: the handbook as CommonMark, before tidying.
//! Each block below names the part of the template it writes.

use minijinja::Value;

use super::{
    Clause, Env, Escape, Meta, Page, attr, attr_or, concat, has_service_levels, item, iter, or,
    page_title, steps_of,
};
use crate::render::filters;

/// Clause pages are long: start with room for a typical handbook.
const CAPACITY: usize = 256 * 1024;

/// The handbook of `region` as the built-in Markdown template writes it (untidied).
pub(in crate::render) fn handbook(env: &Env<'_>, region: &Value) -> String {
    let mut p = Page::new(env, Escape::Markdown, CAPACITY);
    let std = attr(region, "standard");
    let culture = attr(region, "culture");
    let comm = attr(region, "communication");
    let has_service_levels = has_service_levels(region);

    header(&mut p, region, &std, &culture);
    contents(&mut p, has_service_levels);
    communication(&mut p, &comm);
    channels(&mut p, region);
    hours(&mut p, region, &culture);
    if has_service_levels {
        service_levels(&mut p, region);
    }
    standard(&mut p, region);
    metrics(&mut p, region);
    legal(&mut p, region);
    footer(&mut p, &std, &culture);
    p.out
}

/// `## {{ strings.key|md_heading }}` and a blank line (`marks` is `## ` or `### `).
fn heading(p: &mut Page<'_>, marks: &str, key: &str) {
    p.raw(marks);
    p.s_heading(key);
    p.raw("\n\n");
}

/// The title, and the list of facts about the standard.
fn header(p: &mut Page<'_>, region: &Value, std: &Value, culture: &Value) {
    let Meta {
        owner,
        approvers,
        last_reviewed,
        review_months,
    } = Meta::of(std, culture);
    p.raw("# ");
    p.md_heading(&page_title(std, culture), None);
    p.raw("\n\n");
    p.s("handbook");
    let id = attr(culture, "id");
    if id.is_true() {
        p.raw(" · ");
        p.val(&id);
    }
    p.raw("\n\n");
    let fact = |p: &mut Page<'_>, key: &str| {
        p.raw("- **");
        p.s(key);
        p.raw(":** ");
    };
    for (key, value) in [
        ("version", attr(std, "version")),
        ("effective", attr(std, "effective")),
        ("last_reviewed", last_reviewed),
    ] {
        if value.is_true() {
            fact(p, key);
            p.val(&value);
            p.raw("\n");
        }
    }
    if review_months.is_true() {
        fact(p, "review_interval");
        p.s_replace("months", "{n}", &review_months.to_string());
        p.raw("\n");
    }
    if owner.is_true() {
        fact(p, "owner");
        p.val(&owner);
        p.raw("\n");
    }
    if approvers.is_true() {
        fact(p, "approvers");
        p.join(&approvers, ", ");
        p.raw("\n");
    }
    let contributors = attr(std, "contributors");
    if contributors.is_true() {
        fact(p, "contributors");
        p.join(&contributors, ", ");
        p.raw("\n");
    }
    let chain = attr(region, "chain");
    if chain.is_true() {
        fact(p, "based_on");
        p.join(&chain, " → ");
        p.raw("\n");
    }
    p.raw("\n");
}

fn contents(p: &mut Page<'_>, has_service_levels: bool) {
    heading(p, "## ", "contents");
    let mut parts = vec!["part_communication", "part_channels", "part_hours"];
    if has_service_levels {
        parts.push("part_service_levels");
    }
    parts.extend(["part_standard", "part_metrics", "part_legal"]);
    for part in parts {
        p.raw("- ");
        p.s(part);
        p.raw("\n");
    }
    p.raw("\n");
}

fn communication(p: &mut Page<'_>, comm: &Value) {
    heading(p, "## ", "part_communication");
    let facts = ["directness", "context", "formality", "address", "greeting"];
    let any_fact = facts.iter().any(|k| attr(comm, k).is_true());
    if any_fact {
        for key in ["directness", "context", "formality"] {
            let v = attr(comm, key);
            if v.is_true() {
                p.raw("- **");
                p.s(key);
                p.raw(":** ");
                p.label(&v, key);
                p.raw("\n");
            }
        }
        for key in ["address", "greeting"] {
            let v = attr(comm, key);
            if v.is_true() {
                p.raw("- **");
                p.s(key);
                p.raw(":** ");
                p.val(&v);
                p.raw("\n");
            }
        }
    }
    p.raw("\n");
    let mut any_list = false;
    for key in ["do", "avoid"] {
        let list = attr(comm, key);
        if list.is_true() {
            any_list = true;
            p.raw("### ");
            p.s_heading(key);
            p.raw("\n\n");
            for entry in iter(&list) {
                p.raw("- ");
                p.val(&entry);
                p.raw("\n");
            }
            p.raw("\n");
        }
    }
    if !(any_fact || any_list) {
        p.s("not_specified");
        p.raw("\n\n");
    }
}

fn channels(p: &mut Page<'_>, region: &Value) {
    let chans = filters::channel_table(region.clone());
    heading(p, "## ", "part_channels");
    let offered = attr(&chans, "offered");
    if offered.is_true() {
        p.s("channels_caption");
        p.raw(":\n\n| ");
        for (i, key) in [
            "channel",
            "target_key",
            "our_target",
            "customers_expect",
            "languages",
            "schedule",
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                p.raw(" | ");
            }
            p.s(key);
        }
        p.raw(" |\n| --- | --- | --- | --- | --- | --- |\n");
        for ch in iter(&offered) {
            for row in iter(&attr(&ch, "rows")) {
                p.raw("| ");
                p.label(&attr(&ch, "name"), "channel");
                if attr(&ch, "recorded").is_true() {
                    p.raw(" (");
                    p.s("recorded");
                    p.raw(")");
                }
                p.raw(" | ");
                let key = attr(&row, "key");
                if key.is_true() {
                    p.label(&key, "target");
                } else {
                    p.text("—");
                }
                p.raw(" | ");
                for k in ["target", "expected"] {
                    let v = attr(&row, k);
                    if v.is_true() {
                        p.target(&v, &Value::UNDEFINED);
                    } else {
                        p.text("—");
                    }
                    p.raw(" | ");
                }
                let languages = attr(&ch, "languages");
                if languages.is_true() {
                    p.join(&languages, ", ");
                } else {
                    p.text("—");
                }
                p.raw(" | ");
                p.val(&or(attr(&ch, "schedule"), Value::from("—")));
                p.raw(" |\n");
            }
        }
    } else {
        p.s("none");
        p.raw("\n");
    }
    p.raw("\n");
    let not_offered = attr(&chans, "not_offered");
    if not_offered.is_true() {
        p.raw("**");
        p.s("not_offered");
        p.raw(":** ");
        p.labels(&not_offered, "channel");
        p.raw("\n\n");
    }
}

fn hours(p: &mut Page<'_>, region: &Value, culture: &Value) {
    let not_specified = p.string("not_specified");
    p.raw("## ");
    p.s_heading("part_hours");
    p.raw("\n\n- **");
    p.s("business_hours");
    p.raw(":** ");
    p.val(&or(attr(culture, "business_hours"), not_specified.clone()));
    p.raw("\n- **");
    p.s("timezone");
    p.raw(":** ");
    p.val(&or(attr(culture, "timezone"), not_specified.clone()));
    p.raw("\n- **");
    p.s("holidays");
    p.raw(":** ");
    let holidays = attr(culture, "holidays");
    if holidays.is_true() {
        p.join(&holidays, "; ");
    } else {
        p.val(&not_specified);
    }
    p.raw("\n\n");
    for sched in iter(&attr(region, "schedules")) {
        let id = attr(&sched, "id");
        let timezone = or(attr(&sched, "timezone"), not_specified.clone());
        p.raw("### ");
        let title = concat(
            &p.string("schedule"),
            &concat(&Value::from(": "), &id.to_string()),
        );
        p.md_heading(&title, None);
        p.raw("\n\n");
        if id == attr(culture, "schedule") {
            p.s("schedule_is_business_hours");
            p.raw("\n\n");
        }
        p.s("opening_hours");
        p.raw(" (");
        p.val(&timezone);
        p.raw("):\n\n| ");
        p.s("day");
        p.raw(" | ");
        p.s("hours");
        p.raw(" |\n| --- | --- |\n");
        let hours = attr(&sched, "hours");
        for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
            let h = item(&hours, &Value::from(day));
            p.raw("| ");
            p.s(&format!("day_{day}"));
            p.raw(" | ");
            if !h.is_true() {
                p.s("closed");
            } else if h.as_str() == Some("24h") {
                p.s("all_day");
            } else {
                p.text(&filters::text_of(&h).replace('-', "–"));
            }
            p.raw(" |\n");
        }
        p.raw("\n");
        let holidays = attr(&sched, "holidays");
        if holidays.is_true() {
            p.s("holidays");
            p.raw(" (");
            p.val(&timezone);
            p.raw("):\n\n| ");
            p.s("holiday");
            p.raw(" | ");
            p.s("date");
            p.raw(" |\n| --- | --- |\n");
            for hol in iter(&holidays) {
                p.raw("| ");
                p.val(&attr(&hol, "name"));
                p.raw(" | ");
                p.holiday_date(&hol);
                p.raw(" |\n");
            }
            p.raw("\n");
        }
    }
}

fn service_levels(p: &mut Page<'_>, region: &Value) {
    heading(p, "## ", "part_service_levels");
    let priorities = attr(region, "priorities");
    if priorities.is_true() {
        p.raw("### ");
        p.s_heading("priorities");
        p.raw("\n\n| ");
        p.s("priority");
        p.raw(" | ");
        p.s("definition");
        p.raw(" | ");
        p.s("examples");
        p.raw(" |\n| --- | --- | --- |\n");
        for pr in iter(&priorities) {
            p.raw("| ");
            p.val(&attr_or(&pr, "title", "id"));
            p.raw(" (");
            p.val(&attr(&pr, "id"));
            p.raw(") | ");
            p.val(&or(attr(&pr, "definition"), Value::from("—")));
            p.raw(" | ");
            let examples = attr(&pr, "examples");
            if examples.is_true() {
                p.join(&examples, "; ");
            } else {
                p.text("—");
            }
            p.raw(" |\n");
        }
        p.raw("\n");
    }
    for m in iter(&filters::sla_matrix(region.clone())) {
        let measure = filters::label_of(
            p.env.strings,
            &filters::text_of(&attr(&m, "measure")),
            "target",
        );
        p.raw("### ");
        let heading = p.string_text("sla_for").replace("{measure}", &measure);
        p.md_heading(&heading, None);
        p.raw("\n\n");
        p.s_replace("sla_caption", "{measure}", &measure);
        p.raw(":\n\n| ");
        p.s("priority");
        p.raw(" |");
        let channels = attr(&m, "channels");
        for c in iter(&channels) {
            p.raw(" ");
            p.label(&c, "channel");
            p.raw(" |");
        }
        p.raw("\n| --- |");
        for _ in iter(&channels) {
            p.raw(" --- |");
        }
        p.raw("\n");
        for row in iter(&attr(&m, "rows")) {
            p.raw("| ");
            p.val(&attr_or(&attr(&row, "priority"), "title", "id"));
            p.raw(" |");
            for cell in iter(&attr(&row, "cells")) {
                p.raw(" ");
                let mut any = false;
                p.each_sep(&cell, "; ", |p, sla| {
                    any = true;
                    let clock = attr(sla, "clock");
                    p.target(&attr(sla, "within"), &clock);
                    p.raw(", ");
                    p.label(&clock, "clock");
                    let schedule = attr(sla, "schedule");
                    if schedule.is_true() {
                        p.raw(" (");
                        p.val(&schedule);
                        p.raw(")");
                    }
                    let attainment = attr(sla, "attainment");
                    if attainment.is_true() {
                        p.raw(", ");
                        p.s("attainment");
                        p.raw(" ");
                        p.target(&attainment, &Value::UNDEFINED);
                    }
                    let tier = attr(sla, "tier");
                    if tier.is_true() {
                        p.raw(", ");
                        p.s("tier");
                        p.raw(": ");
                        p.val(&tier);
                    }
                });
                if !any {
                    p.raw("—");
                }
                p.raw(" |");
            }
            p.raw("\n");
        }
        p.raw("\n");
    }
    let escalations = attr(region, "escalations");
    if escalations.is_true() {
        heading(p, "### ", "escalation_path");
        p.s("escalation_caption");
        p.raw(":\n\n| ");
        for (i, key) in ["priority", "after", "clock", "escalate_to", "via"]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                p.raw(" | ");
            }
            p.s(key);
        }
        p.raw(" |\n| --- | --- | --- | --- | --- |\n");
        for pr in iter(&priorities) {
            for step in steps_of(&escalations, &pr) {
                let clock = attr(&step, "clock");
                p.raw("| ");
                p.val(&attr_or(&pr, "title", "id"));
                p.raw(" | ");
                let after = filters::duration_of(
                    p.env.strings,
                    &filters::text_of(&attr(&step, "after")),
                    super::opt_str(&clock).as_deref(),
                );
                p.text(&after);
                p.raw(" | ");
                p.label(&clock, "clock");
                p.raw(" | ");
                p.val(&attr(&step, "to"));
                p.raw(" | ");
                p.val(&or(attr(&step, "via"), Value::from("—")));
                p.raw(" |\n");
            }
        }
        p.raw("\n");
    }
}

fn standard(p: &mut Page<'_>, region: &Value) {
    heading(p, "## ", "part_standard");
    let clauses_of = filters::group_by(attr(region, "clauses"), "section").unwrap_or_default();
    let metric_of = filters::by_id(attr(region, "metrics")).unwrap_or_default();
    let mut any = false;
    for s in iter(&attr(region, "sections")) {
        any = true;
        let sid = attr(&s, "id");
        p.raw("### ");
        p.md_heading(&filters::text_of(&attr_or(&s, "title", "id")), Some(&sid));
        p.raw("\n\n");
        if attr(&s, "measurable").is_true() {
            p.s("measurable_section");
            p.raw("\n\n");
        }
        for c in iter(&item(&clauses_of, &sid)) {
            clause(p, &c, &metric_of);
        }
    }
    if !any {
        p.s("none");
        p.raw("\n\n");
    }
}

fn clause(p: &mut Page<'_>, c: &Value, metric_of: &Value) {
    let cl = Clause::of(c, metric_of);
    p.raw("#### ");
    p.md_heading(&filters::text_of(&cl.title()), Some(&cl.id));
    p.raw("\n\n");
    // Everything below the heading depends on the clause and its metric alone (the
    // heading also on the headings before it).
    p.clause_block(c, &cl.m, |p| {
        p.s("clause");
        p.raw(" ");
        p.val(&cl.id);
        if cl.locked.is_true() {
            p.raw(" · ");
            p.s("core_clause");
        }
        p.raw("\n\n");
        p.md(&cl.text, 5, false);
        p.raw("\n\n");
        if cl.appended.is_true() {
            let mut first = true;
            for a in iter(&cl.appended) {
                if !first {
                    p.raw(">\n");
                }
                first = false;
                p.raw("> **");
                let from = filters::text_of(&attr(&a, "from"));
                p.s_replace("local_guidance", "{from}", &from);
                p.raw(":**\n>\n");
                p.md(&attr(&a, "text"), 5, true);
                p.raw("\n");
            }
            p.raw("\n");
        }
        if cl.metric.is_true() {
            p.raw("- **");
            p.s("metric");
            p.raw(":** ");
            p.val(&cl.metric_title());
            p.metric_target(&cl.m);
            p.raw("\n");
        }
        if cl.principles.is_true() {
            p.raw("- **");
            p.s("principles");
            p.raw(":** ");
            p.labels(&cl.principles, "principle");
            p.raw("\n");
        }
        p.raw("\n");
    });
}

fn metrics(p: &mut Page<'_>, region: &Value) {
    heading(p, "## ", "part_metrics");
    let metrics = attr(region, "metrics");
    if metrics.is_true() {
        p.s("metrics_caption");
        p.raw(":\n\n| ");
        for (i, key) in ["metric", "category", "target", "measured_by", "frequency"]
            .into_iter()
            .enumerate()
        {
            if i > 0 {
                p.raw(" | ");
            }
            p.s(key);
        }
        p.raw(" |\n| --- | --- | --- | --- | --- |\n");
        for m in iter(&metrics) {
            p.raw("| ");
            p.val(&attr_or(&m, "title", "id"));
            p.raw(" | ");
            label_or_dash(p, &attr(&m, "category"), "category");
            p.raw(" | ");
            let target = attr(&m, "target");
            if target.is_true() {
                p.target(&target, &Value::UNDEFINED);
            } else {
                p.text("—");
            }
            p.raw(" | ");
            p.val(&or(attr(&m, "measured_by"), Value::from("—")));
            p.raw(" | ");
            label_or_dash(p, &attr(&m, "frequency"), "frequency");
            p.raw(" |\n");
        }
    } else {
        p.s("none");
        p.raw("\n");
    }
    p.raw("\n");
}

/// `value|label(prefix) if value else "—"`.
fn label_or_dash(p: &mut Page<'_>, value: &Value, prefix: &str) {
    if value.is_true() {
        p.label(value, prefix);
    } else {
        p.text("—");
    }
}

fn legal(p: &mut Page<'_>, region: &Value) {
    heading(p, "## ", "part_legal");
    let mut any = false;
    for n in iter(&attr(region, "legal")) {
        any = true;
        p.raw("### ");
        let id = attr(&n, "id");
        p.md_heading(&filters::text_of(&attr_or(&n, "title", "id")), Some(&id));
        p.raw("\n\n");
        let topics = attr(&n, "topics");
        if topics.is_true() {
            p.raw("- **");
            p.s("topics");
            p.raw(":** ");
            p.labels(&topics, "topic");
            p.raw("\n");
        }
        let reference = attr(&n, "reference");
        if reference.is_true() {
            p.raw("- **");
            p.s("reference");
            p.raw(":** ");
            let url = filters::text_of(&reference);
            p.raw(&crate::render::markdown::link(&url, &url));
            p.raw("\n");
        }
        p.raw("\n");
        let note = attr(&n, "note");
        if note.is_true() {
            p.md(&note, 4, false);
            p.raw("\n\n");
        }
    }
    if !any {
        p.s("none");
        p.raw("\n\n");
    }
}

fn footer(p: &mut Page<'_>, std: &Value, culture: &Value) {
    p.raw("---\n\n");
    p.footer_line(std, culture, "", "");
    p.raw("\n");
}
