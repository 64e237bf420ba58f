//! `templates/handbook.html.j2` (with `partials/head.html.j2` and `partials/style.css`) in
//! Rust: the handbook as one HTML page. Each function writes the part of the template it
//! is named after; where a template line ends in a block tag, its newline is not written
//! (the templates trim it), which is why some elements follow each other on one line.

use minijinja::Value;

use super::{
    Clause, Env, Escape, Meta, Page, attr, attr_or, has_service_levels, item, iter, or, page_title,
    steps_of,
};
use crate::render::filters;

const CAPACITY: usize = 512 * 1024;

/// The built-in style sheet, as the template includes it (without its last newline).
fn style() -> &'static str {
    let css = include_str!("../../../templates/partials/style.css");
    css.strip_suffix('\n').unwrap_or(css)
}

/// `{{ dash() }}`.
const DASH: &str = "<span class=\"empty\">—</span>";

/// What the whole page reads: the attributes of source text in another language.
struct Ctx {
    /// `{{ src }}`: ` lang=".." dir="auto"` where the standard's language is not the page's.
    src: String,
}

/// The handbook of `region` as the built-in HTML template writes it (untrimmed).
pub(in crate::render) fn handbook(env: &Env<'_>, region: &Value) -> String {
    let mut p = Page::new(env, Escape::Html, CAPACITY);
    let std = attr(region, "standard");
    let culture = attr(region, "culture");
    let comm = attr(region, "communication");
    let src_lang = or(attr(&std, "default_language"), Value::from(env.lang));
    let foreign = src_lang != Value::from(env.lang);
    let mut src = String::new();
    if foreign {
        src.push_str(" lang=\"");
        let _ = crate::render::write_plain(&mut src, &filters::text_of(&src_lang), Escape::Html);
        src.push_str("\" dir=\"auto\"");
    }
    p.context.push('\0');
    p.context.push_str(&src);
    let cx = Ctx { src };
    let has_service_levels = has_service_levels(region);

    head(&mut p, &std, &culture);
    header(&mut p, &cx, region, &std, &culture);
    toc(&mut p, &cx, region, has_service_levels);
    p.raw("<main id=\"main\">\n\n");
    communication(&mut p, &cx, &comm);
    channels(&mut p, region);
    hours(&mut p, &cx, region, &culture);
    if has_service_levels {
        service_levels(&mut p, &cx, region);
    }
    p.raw("\n");
    standard(&mut p, &cx, region);
    metrics(&mut p, &cx, region);
    legal(&mut p, &cx, region);
    p.raw("</main>\n\n");
    footer(&mut p, &std, &culture);
    p.out
}

fn head(p: &mut Page<'_>, std: &Value, culture: &Value) {
    let title = page_title(std, culture);
    p.raw("<!DOCTYPE html>\n<html lang=\"");
    p.text(p.env.lang);
    p.raw("\" dir=\"");
    p.text(p.env.dir);
    p.raw("\">\n<head>\n<meta charset=\"utf-8\">\n");
    p.raw("<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n");
    p.raw("<meta name=\"generator\" content=\"csstd ");
    p.text(p.env.csstd_version);
    p.raw("\">\n<title>");
    p.text(&title);
    p.raw("</title>\n<style>\n");
    p.raw(style());
    p.raw("</style></head>\n<body>\n<a class=\"skip-link\" href=\"#main\">");
    p.s("skip_to_content");
    p.raw("</a>\n");
}

/// `<dt>{{ strings.key }}</dt>` in a `<div>`, up to the `<dd` (whose attributes follow).
fn dt(p: &mut Page<'_>, key: &str) {
    p.raw("<div><dt>");
    p.s(key);
    p.raw("</dt><dd");
}

fn header(p: &mut Page<'_>, cx: &Ctx, region: &Value, std: &Value, culture: &Value) {
    p.raw("<header class=\"doc-header\">\n<p class=\"kicker\">");
    p.s("handbook");
    p.raw("</p>\n<h1><span");
    p.raw(&cx.src);
    p.raw(">");
    p.val(&attr_or(std, "title", "id"));
    p.raw("</span>");
    let name = attr(culture, "name");
    if name.is_true() {
        p.raw(" <span class=\"region-name\"");
        p.raw(&cx.src);
        p.raw(">");
        p.val(&name);
        p.raw("</span>");
    }
    p.raw("</h1>\n<dl class=\"doc-meta\">\n");
    let Meta {
        owner,
        approvers,
        last_reviewed,
        review_months,
    } = Meta::of(std, culture);
    for (key, value) in [
        ("version", attr(std, "version")),
        ("effective", attr(std, "effective")),
        ("last_reviewed", last_reviewed),
    ] {
        if value.is_true() {
            dt(p, key);
            p.raw(">");
            p.val(&value);
            p.raw("</dd></div>");
        }
    }
    if review_months.is_true() {
        dt(p, "review_interval");
        p.raw(">");
        p.s_replace("months", "{n}", &review_months.to_string());
        p.raw("</dd></div>");
    }
    if owner.is_true() {
        dt(p, "owner");
        p.raw(&cx.src);
        p.raw(">");
        p.val(&owner);
        p.raw("</dd></div>");
    }
    for (key, list) in [
        ("approvers", approvers),
        ("contributors", attr(std, "contributors")),
    ] {
        if list.is_true() {
            dt(p, key);
            p.raw(&cx.src);
            p.raw(">");
            p.join(&list, ", ");
            p.raw("</dd></div>");
        }
    }
    let chain = attr(region, "chain");
    if chain.is_true() {
        dt(p, "based_on");
        p.raw("><span dir=\"ltr\">");
        p.join(&chain, " → ");
        p.raw("</span></dd></div>");
    }
    p.raw("</dl>\n</header>\n\n");
}

/// `<li><a href="#id">{{ strings.key }}</a></li>`.
fn toc_entry(p: &mut Page<'_>, id: &str, key: &str, close: bool) {
    p.raw("<li><a href=\"#");
    p.raw(id);
    p.raw("\">");
    p.s(key);
    p.raw(if close { "</a></li>\n" } else { "</a>\n" });
}

fn toc(p: &mut Page<'_>, cx: &Ctx, region: &Value, has_service_levels: bool) {
    p.raw("<nav class=\"toc\" aria-labelledby=\"toc-title\">\n<h2 id=\"toc-title\">");
    p.s("contents");
    p.raw("</h2>\n<ol>\n");
    toc_entry(p, "communication", "part_communication", true);
    toc_entry(p, "channels", "part_channels", true);
    toc_entry(p, "hours", "part_hours", true);
    if has_service_levels {
        toc_entry(p, "service-levels", "part_service_levels", true);
    }
    toc_entry(p, "standard", "part_standard", false);
    let sections = attr(region, "sections");
    if sections.is_true() {
        p.raw("<ol>\n");
        for s in iter(&sections) {
            p.raw("<li><a href=\"#");
            p.raw(&filters::anchor_of(
                &filters::text_of(&attr(&s, "id")),
                Some("section"),
            ));
            p.raw("\"");
            p.raw(&cx.src);
            p.raw(">");
            p.val(&attr_or(&s, "title", "id"));
            p.raw("</a></li>\n");
        }
        p.raw("</ol>\n");
    }
    p.raw("</li>\n");
    toc_entry(p, "metrics", "part_metrics", true);
    toc_entry(p, "legal", "part_legal", true);
    p.raw("</ol>\n</nav>\n\n");
}

/// `<section id="id" ...><h2 id="id-title">{{ strings.key }}</h2>`.
fn section_start(p: &mut Page<'_>, id: &str, key: &str) {
    p.raw("<section id=\"");
    p.raw(id);
    p.raw("\" aria-labelledby=\"");
    p.raw(id);
    p.raw("-title\">\n<h2 id=\"");
    p.raw(id);
    p.raw("-title\">");
    p.s(key);
    p.raw("</h2>\n");
}

fn communication(p: &mut Page<'_>, cx: &Ctx, comm: &Value) {
    section_start(p, "communication", "part_communication");
    let facts = ["directness", "context", "formality", "address", "greeting"];
    let any_fact = facts.iter().any(|k| attr(comm, k).is_true());
    if any_fact {
        p.raw("<dl class=\"facts\">\n");
        for key in ["directness", "context", "formality"] {
            let v = attr(comm, key);
            if v.is_true() {
                dt(p, key);
                p.raw(">");
                p.label(&v, key);
                p.raw("</dd></div>");
            }
        }
        for key in ["address", "greeting"] {
            let v = attr(comm, key);
            if v.is_true() {
                dt(p, key);
                p.raw(&cx.src);
                p.raw(">");
                p.val(&v);
                p.raw("</dd></div>");
            }
        }
        p.raw("</dl>\n");
    }
    let lists = [("do", attr(comm, "do")), ("avoid", attr(comm, "avoid"))];
    let any_list = lists.iter().any(|(_, l)| l.is_true());
    if any_list {
        p.raw("<div class=\"do-avoid\">\n");
        for (key, list) in &lists {
            if list.is_true() {
                p.raw("<div>\n<h3>");
                p.s(key);
                p.raw("</h3>\n<ul");
                p.raw(&cx.src);
                p.raw(">\n");
                for entry in iter(list) {
                    p.raw("<li>");
                    p.val(&entry);
                    p.raw("</li>\n");
                }
                p.raw("</ul>\n</div>\n");
            }
        }
        p.raw("</div>\n");
    }
    if !(any_fact || any_list) {
        p.raw("<p class=\"empty\">");
        p.s("not_specified");
        p.raw("</p>\n");
    }
    p.raw("</section>\n\n");
}

/// `<th scope="col">{{ strings.key }}</th>` for each key.
fn col_heads(p: &mut Page<'_>, keys: &[&str]) {
    for key in keys {
        p.raw("<th scope=\"col\">");
        p.s(key);
        p.raw("</th>");
    }
}

/// `<div class="table-wrap" ...><table><caption id="id-caption">{{ strings.key }}</caption>`.
fn table_start(p: &mut Page<'_>, id: &str, caption: impl FnOnce(&mut Page<'_>)) {
    p.raw("<div class=\"table-wrap\" role=\"region\" tabindex=\"0\" aria-labelledby=\"");
    p.raw(id);
    p.raw("-caption\">\n<table>\n<caption id=\"");
    p.raw(id);
    p.raw("-caption\">");
    caption(p);
    p.raw("</caption>\n");
}

/// `value|target if value else dash()`.
fn target_or_dash(p: &mut Page<'_>, value: &Value) {
    if value.is_true() {
        p.target(value, &Value::UNDEFINED);
    } else {
        p.raw(DASH);
    }
}

/// `value|label(prefix) if value else dash()`.
fn label_or_dash(p: &mut Page<'_>, value: &Value, prefix: &str) {
    if value.is_true() {
        p.label(value, prefix);
    } else {
        p.raw(DASH);
    }
}

/// `value or dash()`.
fn or_dash(p: &mut Page<'_>, value: &Value) {
    if value.is_true() {
        p.val(value);
    } else {
        p.raw(DASH);
    }
}

fn channels(p: &mut Page<'_>, region: &Value) {
    let chans = filters::channel_table(region.clone());
    section_start(p, "channels", "part_channels");
    let offered = attr(&chans, "offered");
    if offered.is_true() {
        table_start(p, "channels", |p| p.s("channels_caption"));
        p.raw("<thead>\n<tr>");
        col_heads(
            p,
            &[
                "channel",
                "target_key",
                "our_target",
                "customers_expect",
                "languages",
                "schedule",
            ],
        );
        p.raw("</tr>\n</thead>\n");
        for ch in iter(&offered) {
            let rows = attr(&ch, "rows");
            let span = rows.len().unwrap_or(0).to_string();
            p.raw("<tbody>\n");
            for (i, row) in iter(&rows).enumerate() {
                p.raw("<tr>\n");
                if i == 0 {
                    p.raw("<th scope=\"rowgroup\" rowspan=\"");
                    p.raw(&span);
                    p.raw("\">");
                    p.label(&attr(&ch, "name"), "channel");
                    if attr(&ch, "recorded").is_true() {
                        p.raw("<span class=\"flag\">");
                        p.s("recorded");
                        p.raw("</span>");
                    }
                    p.raw("</th>\n");
                }
                p.raw("<td>");
                label_or_dash(p, &attr(&row, "key"), "target");
                p.raw("</td>\n<td>");
                target_or_dash(p, &attr(&row, "target"));
                p.raw("</td>\n<td>");
                target_or_dash(p, &attr(&row, "expected"));
                p.raw("</td>\n");
                if i == 0 {
                    p.raw("<td rowspan=\"");
                    p.raw(&span);
                    p.raw("\">");
                    let languages = attr(&ch, "languages");
                    if languages.is_true() {
                        p.join(&languages, ", ");
                    } else {
                        p.raw(DASH);
                    }
                    p.raw("</td>\n<td rowspan=\"");
                    p.raw(&span);
                    p.raw("\">");
                    schedule_link(p, &attr(&ch, "schedule"), DASH);
                    p.raw("</td>\n");
                }
                p.raw("</tr>\n");
            }
            p.raw("</tbody>\n");
        }
        p.raw("</table>\n</div>\n");
    } else {
        p.raw("<p class=\"empty\">");
        p.s("none");
        p.raw("</p>\n");
    }
    let not_offered = attr(&chans, "not_offered");
    if not_offered.is_true() {
        p.raw("<p><strong>");
        p.s("not_offered");
        p.raw(":</strong> ");
        p.labels(&not_offered, "channel");
        p.raw("</p>\n");
    }
    p.raw("</section>\n\n");
}

/// A link to a schedule's table, or `otherwise` when there is no schedule.
fn schedule_link(p: &mut Page<'_>, schedule: &Value, otherwise: &str) {
    if schedule.is_true() {
        p.raw("<a href=\"#");
        p.raw(&filters::anchor_of(
            &filters::text_of(schedule),
            Some("schedule"),
        ));
        p.raw("\">");
        p.val(schedule);
        p.raw("</a>");
    } else {
        p.raw(otherwise);
    }
}

fn hours(p: &mut Page<'_>, cx: &Ctx, region: &Value, culture: &Value) {
    let not_specified = p.string("not_specified");
    section_start(p, "hours", "part_hours");
    p.raw("<dl class=\"facts\">\n");
    dt(p, "business_hours");
    p.raw(&cx.src);
    p.raw(">");
    p.val(&or(attr(culture, "business_hours"), not_specified.clone()));
    p.raw("</dd></div>\n");
    dt(p, "timezone");
    p.raw(">");
    p.val(&or(attr(culture, "timezone"), not_specified.clone()));
    p.raw("</dd></div>\n");
    dt(p, "holidays");
    p.raw(">\n");
    let holidays = attr(culture, "holidays");
    if holidays.is_true() {
        p.raw("<ul");
        p.raw(&cx.src);
        p.raw(">\n");
        for h in iter(&holidays) {
            p.raw("<li>");
            p.val(&h);
            p.raw("</li>\n");
        }
        p.raw("</ul>\n");
    } else {
        p.val(&not_specified);
        p.raw("\n");
    }
    p.raw("</dd></div>\n</dl>\n");
    for sched in iter(&attr(region, "schedules")) {
        let id = attr(&sched, "id");
        let timezone = or(attr(&sched, "timezone"), not_specified.clone());
        p.raw("<div class=\"schedule-block\">\n<h3 id=\"");
        p.raw(&filters::anchor_of(
            &filters::text_of(&id),
            Some("schedule"),
        ));
        p.raw("\">");
        p.s("schedule");
        p.raw(": ");
        p.val(&id);
        p.raw("</h3>\n");
        if id == attr(culture, "schedule") {
            p.raw("<p class=\"note\">");
            p.s("schedule_is_business_hours");
            p.raw("</p>");
        }
        p.raw("<div class=\"schedule\">\n<table class=\"narrow\">\n<caption>");
        p.s("opening_hours");
        p.raw(" (");
        p.val(&timezone);
        p.raw(")</caption>\n<thead><tr>");
        col_heads(p, &["day", "hours"]);
        p.raw("</tr></thead>\n<tbody>\n");
        let hours = attr(&sched, "hours");
        for day in ["mon", "tue", "wed", "thu", "fri", "sat", "sun"] {
            let h = item(&hours, &Value::from(day));
            p.raw("<tr><th scope=\"row\">");
            p.s(&format!("day_{day}"));
            p.raw("</th><td>");
            if !h.is_true() {
                p.s("closed");
            } else if h.as_str() == Some("24h") {
                p.s("all_day");
            } else {
                p.raw("<span dir=\"ltr\">");
                p.text(&filters::text_of(&h).replace('-', "–"));
                p.raw("</span>");
            }
            p.raw("</td></tr>\n");
        }
        p.raw("</tbody>\n</table>\n");
        let holidays = attr(&sched, "holidays");
        if holidays.is_true() {
            p.raw("<table class=\"narrow\">\n<caption>");
            p.s("holidays");
            p.raw(" (");
            p.val(&timezone);
            p.raw(")</caption>\n<thead><tr>");
            col_heads(p, &["holiday", "date"]);
            p.raw("</tr></thead>\n<tbody>\n");
            for hol in iter(&holidays) {
                p.raw("<tr><th scope=\"row\"");
                p.raw(&cx.src);
                p.raw(">");
                p.val(&attr(&hol, "name"));
                p.raw("</th><td><span dir=\"ltr\">");
                p.holiday_date(&hol);
                p.raw("</span></td></tr>\n");
            }
            p.raw("</tbody>\n</table>\n");
        }
        p.raw("</div>\n</div>\n");
    }
    p.raw("</section>\n\n");
}

fn service_levels(p: &mut Page<'_>, cx: &Ctx, region: &Value) {
    section_start(p, "service-levels", "part_service_levels");
    let priorities = attr(region, "priorities");
    if priorities.is_true() {
        p.raw("<h3 id=\"priorities\">");
        p.s("priorities");
        p.raw("</h3>\n");
        table_start(p, "priorities", |p| p.s("priorities_caption"));
        p.raw("<thead><tr>");
        col_heads(p, &["priority", "definition", "examples"]);
        p.raw("</tr></thead>\n<tbody>\n");
        for pr in iter(&priorities) {
            let id = attr(&pr, "id");
            p.raw("<tr id=\"");
            p.raw(&filters::anchor_of(
                &filters::text_of(&id),
                Some("priority"),
            ));
            p.raw("\">\n<th scope=\"row\"><span");
            p.raw(&cx.src);
            p.raw(">");
            p.val(&attr_or(&pr, "title", "id"));
            p.raw("</span> <span class=\"flag mono\">");
            p.val(&id);
            p.raw("</span></th>\n<td");
            p.raw(&cx.src);
            p.raw(">");
            or_dash(p, &attr(&pr, "definition"));
            p.raw("</td>\n<td>");
            let examples = attr(&pr, "examples");
            if examples.is_true() {
                p.raw("<ul class=\"in-cell\"");
                p.raw(&cx.src);
                p.raw(">");
                for e in iter(&examples) {
                    p.raw("<li>");
                    p.val(&e);
                    p.raw("</li>");
                }
                p.raw("</ul>");
            } else {
                p.raw(DASH);
            }
            p.raw("</td>\n</tr>\n");
        }
        p.raw("</tbody>\n</table>\n</div>\n");
    }
    for m in iter(&filters::sla_matrix(region.clone())) {
        let measure_value = attr(&m, "measure");
        let mid = filters::anchor_of(&filters::text_of(&measure_value), Some("sla"));
        let measure = filters::label_of(p.env.strings, &filters::text_of(&measure_value), "target");
        p.raw("<h3 id=\"");
        p.raw(&mid);
        p.raw("\">");
        p.s_replace("sla_for", "{measure}", &measure);
        p.raw("</h3>\n");
        table_start(p, &mid, |p| {
            p.s_replace("sla_caption", "{measure}", &measure)
        });
        p.raw("<thead><tr><th scope=\"col\">");
        p.s("priority");
        p.raw("</th>");
        for c in iter(&attr(&m, "channels")) {
            p.raw("<th scope=\"col\">");
            p.label(&c, "channel");
            p.raw("</th>");
        }
        p.raw("</tr></thead>\n<tbody>\n");
        for row in iter(&attr(&m, "rows")) {
            p.raw("<tr>\n<th scope=\"row\"");
            p.raw(&cx.src);
            p.raw(">");
            p.val(&attr_or(&attr(&row, "priority"), "title", "id"));
            p.raw("</th>\n");
            for cell in iter(&attr(&row, "cells")) {
                p.raw("<td>\n");
                let mut any = false;
                for sla in iter(&cell) {
                    any = true;
                    sla_entry(p, &sla);
                }
                if !any {
                    p.raw(DASH);
                    p.raw("\n");
                }
                p.raw("</td>\n");
            }
            p.raw("</tr>\n");
        }
        p.raw("</tbody>\n</table>\n</div>\n");
    }
    let escalations = attr(region, "escalations");
    if escalations.is_true() {
        p.raw("<h3 id=\"escalations\">");
        p.s("escalation_path");
        p.raw("</h3>\n");
        table_start(p, "escalations", |p| p.s("escalation_caption"));
        p.raw("<thead><tr>");
        col_heads(p, &["priority", "after", "clock", "escalate_to", "via"]);
        p.raw("</tr></thead>\n");
        for pr in iter(&priorities) {
            let steps = steps_of(&escalations, &pr);
            if steps.is_empty() {
                continue;
            }
            p.raw("<tbody>\n");
            for (i, step) in steps.iter().enumerate() {
                let clock = attr(step, "clock");
                p.raw("<tr>\n");
                if i == 0 {
                    p.raw("<th scope=\"rowgroup\" rowspan=\"");
                    p.raw(&steps.len().to_string());
                    p.raw("\"");
                    p.raw(&cx.src);
                    p.raw(">");
                    p.val(&attr_or(&pr, "title", "id"));
                    p.raw("</th>");
                }
                p.raw("<td>");
                let after = filters::duration_of(
                    p.env.strings,
                    &filters::text_of(&attr(step, "after")),
                    super::opt_str(&clock).as_deref(),
                );
                p.text(&after);
                p.raw("</td>\n<td>");
                p.label(&clock, "clock");
                p.raw("</td>\n<td");
                p.raw(&cx.src);
                p.raw(">");
                p.val(&attr(step, "to"));
                p.raw("</td>\n<td");
                p.raw(&cx.src);
                p.raw(">");
                or_dash(p, &attr(step, "via"));
                p.raw("</td>\n</tr>\n");
            }
            p.raw("</tbody>\n");
        }
        p.raw("</table>\n</div>\n");
    }
    p.raw("</section>\n");
}

/// One SLA inside a cell of the matrix.
fn sla_entry(p: &mut Page<'_>, sla: &Value) {
    let clock = attr(sla, "clock");
    p.raw("<div class=\"sla\"><span class=\"sla-within\">");
    p.target(&attr(sla, "within"), &clock);
    p.raw("</span>\n<span class=\"sla-detail\">");
    p.label(&clock, "clock");
    let schedule = attr(sla, "schedule");
    if schedule.is_true() {
        p.raw(" (");
        schedule_link(p, &schedule, "");
        p.raw(")");
    }
    let attainment = attr(sla, "attainment");
    if attainment.is_true() {
        p.raw(" · ");
        p.s("attainment");
        p.raw(" ");
        p.target(&attainment, &Value::UNDEFINED);
    }
    p.raw("</span>\n");
    let tier = attr(sla, "tier");
    if tier.is_true() {
        p.raw("<span class=\"sla-detail\">");
        p.s("tier");
        p.raw(": ");
        p.val(&tier);
        p.raw("</span>");
    }
    p.raw("</div>\n");
}

fn standard(p: &mut Page<'_>, cx: &Ctx, region: &Value) {
    section_start(p, "standard", "part_standard");
    let clauses_of = filters::group_by(attr(region, "clauses"), "section").unwrap_or_default();
    let metric_of = filters::by_id(attr(region, "metrics")).unwrap_or_default();
    let mut any = false;
    for s in iter(&attr(region, "sections")) {
        any = true;
        let id = attr(&s, "id");
        let sid = filters::anchor_of(&filters::text_of(&id), Some("section"));
        p.raw("<section class=\"std-section\" id=\"");
        p.raw(&sid);
        p.raw("\" aria-labelledby=\"");
        p.raw(&sid);
        p.raw("-title\">\n<h3 id=\"");
        p.raw(&sid);
        p.raw("-title\"");
        p.raw(&cx.src);
        p.raw(">");
        p.val(&attr_or(&s, "title", "id"));
        p.raw("</h3>\n");
        if attr(&s, "measurable").is_true() {
            p.raw("<p class=\"note\">");
            p.s("measurable_section");
            p.raw("</p>");
        }
        for c in iter(&item(&clauses_of, &id)) {
            clause(p, cx, &c, &metric_of);
        }
        p.raw("</section>\n");
    }
    if !any {
        p.raw("<p class=\"empty\">");
        p.s("none");
        p.raw("</p>\n");
    }
    p.raw("</section>\n\n");
}

fn clause(p: &mut Page<'_>, cx: &Ctx, c: &Value, metric_of: &Value) {
    let cl = Clause::of(c, metric_of);
    // The whole article depends on the clause, its metric and the page alone.
    p.clause_block(c, &cl.m, |p| {
        let cid = filters::anchor_of(&filters::text_of(&cl.id), Some("clause"));
        p.raw("<article class=\"clause\" id=\"");
        p.raw(&cid);
        p.raw("\" aria-labelledby=\"");
        p.raw(&cid);
        p.raw("-title\">\n<h4 id=\"");
        p.raw(&cid);
        p.raw("-title\"");
        p.raw(&cx.src);
        p.raw(">");
        p.val(&cl.title());
        p.raw("</h4>\n<p class=\"clause-meta\"><span class=\"mono\">");
        p.val(&cl.id);
        p.raw("</span>");
        if cl.locked.is_true() {
            p.raw("<span class=\"badge\">");
            p.s("core_clause");
            p.raw("</span>");
        }
        p.raw("</p>\n<div class=\"clause-text\"");
        p.raw(&cx.src);
        p.raw(">\n");
        p.markdown(&cl.text, 5);
        p.raw("\n</div>\n");
        for a in iter(&cl.appended) {
            let from = filters::text_of(&attr(&a, "from"));
            p.raw("<div class=\"guidance\" role=\"note\" aria-label=\"");
            p.s_replace("local_guidance", "{from}", &from);
            p.raw("\">\n<p class=\"guidance-label\">");
            p.s_replace("local_guidance", "{from}", &from);
            p.raw("</p>\n<div");
            p.raw(&cx.src);
            p.raw(">\n");
            p.markdown(&attr(&a, "text"), 5);
            p.raw("\n</div>\n</div>\n");
        }
        if cl.metric.is_true() || cl.principles.is_true() {
            p.raw("<dl class=\"clause-facts\">\n");
            if cl.metric.is_true() {
                p.raw("<div><dt>");
                p.s("metric");
                p.raw("</dt><dd><a href=\"#");
                p.raw(&filters::anchor_of(
                    &filters::text_of(&cl.metric),
                    Some("metric"),
                ));
                p.raw("\"");
                p.raw(&cx.src);
                p.raw(">");
                p.val(&cl.metric_title());
                p.raw("</a>");
                p.metric_target(&cl.m);
                p.raw("</dd></div>\n");
            }
            if cl.principles.is_true() {
                p.raw("<div><dt>");
                p.s("principles");
                p.raw("</dt><dd>");
                p.labels(&cl.principles, "principle");
                p.raw("</dd></div>\n");
            }
            p.raw("</dl>\n");
        }
        p.raw("</article>\n");
    });
}

fn metrics(p: &mut Page<'_>, cx: &Ctx, region: &Value) {
    section_start(p, "metrics", "part_metrics");
    let metrics = attr(region, "metrics");
    if metrics.is_true() {
        table_start(p, "metrics", |p| p.s("metrics_caption"));
        p.raw("<thead><tr>");
        col_heads(
            p,
            &["metric", "category", "target", "measured_by", "frequency"],
        );
        p.raw("</tr></thead>\n<tbody>\n");
        for m in iter(&metrics) {
            p.raw("<tr id=\"");
            p.raw(&filters::anchor_of(
                &filters::text_of(&attr(&m, "id")),
                Some("metric"),
            ));
            p.raw("\">\n<th scope=\"row\"");
            p.raw(&cx.src);
            p.raw(">");
            p.val(&attr_or(&m, "title", "id"));
            p.raw("</th>\n<td>");
            label_or_dash(p, &attr(&m, "category"), "category");
            p.raw("</td>\n<td>");
            target_or_dash(p, &attr(&m, "target"));
            p.raw("</td>\n<td");
            p.raw(&cx.src);
            p.raw(">");
            or_dash(p, &attr(&m, "measured_by"));
            p.raw("</td>\n<td>");
            label_or_dash(p, &attr(&m, "frequency"), "frequency");
            p.raw("</td>\n</tr>\n");
        }
        p.raw("</tbody>\n</table>\n</div>\n");
    } else {
        p.raw("<p class=\"empty\">");
        p.s("none");
        p.raw("</p>\n");
    }
    p.raw("</section>\n\n");
}

fn legal(p: &mut Page<'_>, cx: &Ctx, region: &Value) {
    section_start(p, "legal", "part_legal");
    let mut any = false;
    for n in iter(&attr(region, "legal")) {
        any = true;
        let lid = filters::anchor_of(&filters::text_of(&attr(&n, "id")), Some("legal"));
        p.raw("<article class=\"legal\" id=\"");
        p.raw(&lid);
        p.raw("\" aria-labelledby=\"");
        p.raw(&lid);
        p.raw("-title\">\n<h3 id=\"");
        p.raw(&lid);
        p.raw("-title\"");
        p.raw(&cx.src);
        p.raw(">");
        p.val(&attr_or(&n, "title", "id"));
        p.raw("</h3>\n");
        let topics = attr(&n, "topics");
        if topics.is_true() {
            p.raw("<p><span class=\"label\">");
            p.s("topics");
            p.raw(":</span> ");
            for t in iter(&topics) {
                p.raw("<span class=\"tag\">");
                p.label(&t, "topic");
                p.raw("</span>");
            }
            p.raw("</p>");
        }
        let note = attr(&n, "note");
        if note.is_true() {
            p.raw("<div");
            p.raw(&cx.src);
            p.raw(">\n");
            p.markdown(&note, 4);
            p.raw("\n</div>\n");
        }
        let reference = attr(&n, "reference");
        if reference.is_true() {
            p.raw("<p>");
            p.s("reference");
            p.raw(": ");
            match crate::render::markdown::safe_url(&filters::text_of(&reference)) {
                Some(url) => {
                    p.raw("<a class=\"url\" href=\"");
                    p.text(&url);
                    p.raw("\">");
                    p.val(&reference);
                    p.raw("</a>");
                }
                None => p.val(&reference),
            }
            p.raw("</p>\n");
        }
        p.raw("</article>\n");
    }
    if !any {
        p.raw("<p class=\"empty\">");
        p.s("none");
        p.raw("</p>\n");
    }
    p.raw("</section>\n\n");
}

fn footer(p: &mut Page<'_>, std: &Value, culture: &Value) {
    p.raw("<footer class=\"doc-footer\">\n<p>");
    p.footer_line(std, culture, "<span dir=\"ltr\">", "</span>");
    p.raw("</p>\n</footer>\n</body>\n</html>\n");
}
