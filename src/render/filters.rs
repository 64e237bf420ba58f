//! Filters and functions that keep the templates simple: safe Markdown, labels from the
//! catalogue, human-readable targets and durations, anchors and the SLA matrix. They read the
//! resolved standard; they never change it and never do I/O.

use std::cmp::Ordering;
use std::collections::HashSet;

use minijinja::value::{Kwargs, Serde};
use minijinja::{Environment, Error, ErrorKind, State, Value};
use serde_json::Value as Json;

use super::markdown;
use super::shared::{Kind, SharedMarkdown};
use std::sync::Arc;

/// Registers every filter and function on `env`.
pub fn register(env: &mut Environment<'_>, shared: &Arc<SharedMarkdown>) {
    let cache = Arc::clone(shared);
    env.add_filter("markdown", move |value: Value, kwargs: Kwargs| {
        markdown_filter(&cache, value, kwargs)
    });
    let cache = Arc::clone(shared);
    env.add_filter("md", move |value: Value, kwargs: Kwargs| {
        md_filter(&cache, value, kwargs)
    });
    env.add_filter("md_cell", md_cell);
    env.add_filter("md_heading", md_heading);
    env.add_filter("md_link", md_link);
    env.add_filter("anchor", anchor);
    env.add_filter("visible", visible);
    env.add_filter("label", label);
    env.add_filter("target", target);
    env.add_filter("duration", duration);
    env.add_filter("by_duration", by_duration);
    env.add_filter("safe_url", safe_url);
    env.add_filter("group_by", group_by);
    env.add_filter("by_id", by_id);
}

/// Default level of the highest heading inside source Markdown: below a clause's `<h4>`.
const DEFAULT_HEADING_LEVEL: u8 = 5;

pub(super) fn text_of(value: &Value) -> String {
    if value.is_undefined() || value.is_none() {
        String::new()
    } else {
        value
            .as_str()
            .map_or_else(|| value.to_string(), str::to_owned)
    }
}

fn heading_level(kwargs: &Kwargs) -> Result<u8, Error> {
    let level: Option<u8> = kwargs.get("level")?;
    Ok(level.unwrap_or(DEFAULT_HEADING_LEVEL))
}

/// `text|markdown(level=5)`: source Markdown as safe HTML, marked safe. With
/// `mark=value_mark` (a mark of the page), the blocks it names as untranslated are wrapped
/// in `<span lang dir>`.
fn markdown_filter(cache: &SharedMarkdown, value: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let level = heading_level(&kwargs)?;
    let mark: Option<Value> = kwargs.get("mark")?;
    kwargs.assert_all_used()?;
    let owned;
    let text = match value.as_str() {
        Some(s) => s,
        None => {
            owned = text_of(&value);
            owned.as_str()
        }
    };
    if let Some((lang, dir, spans)) = mark.as_ref().map(marked_spans).transpose()?.flatten() {
        let marking = markdown::Marking {
            lang: &lang,
            dir: &dir,
            spans: &spans,
        };
        return Ok(Value::from_safe_string(markdown::to_html_marked(
            text, level, &marking,
        )));
    }
    Ok(Value::from_safe_string(
        markdown_html(cache, text, level).to_string(),
    ))
}

/// A mark's language, direction and spans (see `MarkView`), or `None` when it names no
/// spans: none, or a value untranslated as a whole, which the template marks as one.
type MarkedSpans = (String, String, Vec<std::ops::Range<usize>>);

fn marked_spans(mark: &Value) -> Result<Option<MarkedSpans>, Error> {
    let spans = mark.get_attr("spans")?;
    if spans.is_undefined() || spans.is_none() {
        return Ok(None);
    }
    let bad = || {
        Error::new(
            ErrorKind::InvalidOperation,
            "mark.spans must be [start, end] pairs",
        )
    };
    let mut out = Vec::new();
    for pair in spans.try_iter()? {
        let mut ends = pair.try_iter()?.map(|v| v.as_usize());
        match (ends.next(), ends.next(), ends.next()) {
            (Some(Some(start)), Some(Some(end)), None) => out.push(start..end),
            _ => return Err(bad()),
        }
    }
    if out.is_empty() {
        return Ok(None);
    }
    let lang = text_of(&mark.get_attr("lang")?);
    let dir = text_of(&mark.get_attr("dir")?);
    Ok(Some((lang, dir, out)))
}

/// Source Markdown as safe HTML, from the cache when the text is shared.
pub(super) fn markdown_html(cache: &SharedMarkdown, text: &str, level: u8) -> Arc<str> {
    let kind = Kind {
        html: true,
        level,
        quote: false,
    };
    cache.get_or(text, kind, || markdown::to_html(text, level))
}

/// Source Markdown as safe CommonMark (optionally quoted), from the cache when shared.
pub(super) fn markdown_md(
    cache: &SharedMarkdown,
    source: &str,
    level: u8,
    quote: bool,
) -> Arc<str> {
    let kind = Kind {
        html: false,
        level,
        quote,
    };
    cache.get_or(source, kind, || {
        let text = markdown::to_commonmark(source, level);
        if quote { markdown::quote(&text) } else { text }
    })
}

/// `text|md(level=5, quote=false)`: source Markdown as safe CommonMark for `.md` output,
/// optionally as a block quote.
fn md_filter(cache: &SharedMarkdown, value: Value, kwargs: Kwargs) -> Result<Value, Error> {
    let level = heading_level(&kwargs)?;
    let quote = kwargs.get::<Option<bool>>("quote")?.unwrap_or(false);
    kwargs.assert_all_used()?;
    let owned;
    let source = match value.as_str() {
        Some(s) => s,
        None => {
            owned = text_of(&value);
            owned.as_str()
        }
    };
    Ok(Value::from_safe_string(
        markdown_md(cache, source, level, quote).to_string(),
    ))
}

/// `value|md_cell`: a plain value safe inside a Markdown table cell (or heading, or list item).
fn md_cell(value: Value) -> Value {
    Value::from_safe_string(markdown::escape_inline(&text_of(&value)))
}

/// Heading texts already used in one Markdown rendering.
struct UsedHeadings(HashSet<String>);

/// `value|md_heading(id=none)`: a plain value as Markdown heading text: escaped, without the
/// trailing punctuation markdownlint rejects (MD026), and unique in the page (MD024): a text
/// already used gets its `id` (or a number) appended.
fn md_heading(state: &mut State, value: Value, id: Option<Value>) -> Value {
    let used = &mut state
        .get_or_insert_extension_with(|| UsedHeadings(HashSet::new()))
        .0;
    let id = id.map(|id| text_of(&id));
    Value::from_safe_string(unique_heading(used, &text_of(&value), id.as_deref()))
}

/// Heading text for `md_heading`: escaped, trailing punctuation dropped, and made unique
/// among `used` (which it joins).
pub(super) fn unique_heading(used: &mut HashSet<String>, text: &str, id: Option<&str>) -> String {
    let trimmed =
        text.trim_end_matches(|c: char| ".,;:!。，；：！".contains(c) || c.is_whitespace());
    let escaped = markdown::escape_inline(trimmed);
    let mut unique = escaped.clone();
    if used.contains(&unique) {
        if let Some(id) = id.filter(|id| !id.is_empty()) {
            unique = format!("{escaped} ({})", markdown::escape_inline(id));
        }
        let mut n = 2;
        let base = unique.clone();
        while used.contains(&unique) {
            unique = format!("{base} ({n})");
            n += 1;
        }
    }
    used.insert(unique.clone());
    unique
}

/// `url|md_link(text)`: a Markdown link to `url` reading `text` (default: the URL), or just
/// the escaped text when the URL is not allowed.
fn md_link(value: Value, text: Option<Value>) -> Value {
    let url = text_of(&value);
    let text = text
        .map(|t| text_of(&t))
        .filter(|t| !t.trim().is_empty())
        .unwrap_or_else(|| url.clone());
    Value::from_safe_string(markdown::link(&text, &url))
}

/// `id|anchor("clause")`: a stable HTML id such as `clause-attitude.respect`. Characters
/// outside `A-Z a-z 0-9 _ . -` become `-`.
fn anchor(value: Value, prefix: Option<&str>) -> String {
    anchor_of(&text_of(&value), prefix)
}

/// The anchor of `id` with `prefix` (see [`anchor`]).
pub(super) fn anchor_of(id: &str, prefix: Option<&str>) -> String {
    let id: String = id
        .chars()
        .map(|c| {
            if c.is_ascii_alphanumeric() || matches!(c, '_' | '.' | '-') {
                c
            } else {
                '-'
            }
        })
        .collect();
    match prefix {
        Some(prefix) if id.is_empty() => prefix.to_owned(),
        Some(prefix) => format!("{prefix}-{id}"),
        None if id.is_empty() => "x".to_owned(),
        None => id,
    }
}

fn to_json(value: &Value) -> Json {
    serde_json::to_value(value).unwrap_or(Json::Null)
}

/// Drops `x-` annotation keys at every depth: they are kept in the data, never shown.
fn strip_annotations(json: Json) -> Json {
    match json {
        Json::Object(map) => Json::Object(
            map.into_iter()
                .filter(|(k, _)| !k.starts_with("x-"))
                .map(|(k, v)| (k, strip_annotations(v)))
                .collect(),
        ),
        Json::Array(items) => Json::Array(items.into_iter().map(strip_annotations).collect()),
        other => other,
    }
}

/// `map|visible`: the value without its `x-` annotation keys, in the same order.
fn visible(value: Value) -> Value {
    if value.is_undefined() || value.is_none() {
        return value;
    }
    Value::from(Serde(strip_annotations(to_json(&value))))
}

/// The catalogue a template sees as `strings` (undefined when it has none).
fn strings_of(state: &State) -> Value {
    state.lookup("strings").unwrap_or_default()
}

/// The string `key` of a catalogue value.
fn catalogue_string(strings: &Value, key: &str) -> Option<String> {
    if strings.is_undefined() {
        return None;
    }
    let value = strings.get_attr(key).ok()?;
    value.as_str().map(str::to_owned)
}

/// `value|label("channel")`: the catalogue string `channel_<value>` (value lower-cased, `-`
/// and spaces as `_`), else the value itself with its first letter capitalised.
fn label(state: &State, value: Value, prefix: &str) -> String {
    label_of(&strings_of(state), &text_of(&value), prefix)
}

/// [`label`] with the catalogue `strings`.
pub(super) fn label_of(strings: &Value, raw: &str, prefix: &str) -> String {
    let trimmed = raw.trim();
    let mut key = String::with_capacity(prefix.len() + 1 + trimmed.len());
    key.push_str(prefix);
    key.push('_');
    for c in trimmed.chars().flat_map(char::to_lowercase) {
        key.push(if matches!(c, '-' | ' ' | '.') { '_' } else { c });
    }
    if let Some(found) = catalogue_string(strings, &key) {
        return found;
    }
    let human = raw.replace('_', " ");
    let mut chars = human.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => human,
    }
}

/// Units of a duration, largest first, with their length in seconds and catalogue key.
const UNITS: [(char, u64, &str); 5] = [
    ('w', 604_800, "unit_w"),
    ('d', 86_400, "unit_d"),
    ('h', 3_600, "unit_h"),
    ('m', 60, "unit_min"),
    ('s', 1, "unit_s"),
];

/// `1h30m` -> `[("1", 'h'), ("30", 'm')]`; `None` unless the whole text is a duration.
fn duration_parts(text: &str) -> Option<Vec<(&str, char)>> {
    let text = text.trim();
    let mut parts = Vec::new();
    let mut start = 0;
    for (i, c) in text.char_indices() {
        if c.is_ascii_digit() || c == '.' {
            continue;
        }
        let number = &text[start..i];
        if number.is_empty()
            || number.parse::<f64>().is_err()
            || !UNITS.iter().any(|(u, _, _)| *u == c)
        {
            return None;
        }
        parts.push((number, c));
        start = i + c.len_utf8();
    }
    (start == text.len() && !parts.is_empty()).then_some(parts)
}

/// Length of a duration such as `1h30m` in seconds.
pub fn duration_seconds(text: &str) -> Option<f64> {
    duration_parts(text)?
        .iter()
        .map(|(n, unit)| {
            let secs = UNITS
                .iter()
                .find(|(u, _, _)| u == unit)
                .map_or(0, |(_, s, _)| *s);
            n.parse::<f64>().ok().map(|n| n * secs as f64)
        })
        .sum()
}

fn fill(pattern: &str, n: &str) -> String {
    pattern.replace("{n}", n)
}

/// A unit pattern for the count `n`. A catalogue pattern may list its forms by CLDR
/// plural category, `one: {n} Tag | other: {n} Tage`; the catalogue's `plural_rules`
/// language picks one (Arabic has six), and `other` stands in for a category not listed.
fn plural_form<'p>(pattern: &'p str, n: &str, rules: Option<&str>) -> &'p str {
    if !pattern.contains('|') {
        return pattern;
    }
    let forms: Vec<(&str, &str)> = pattern
        .split('|')
        .filter_map(|form| form.split_once(':'))
        .map(|(category, form)| (category.trim(), form.trim()))
        .collect();
    let category = rules.and_then(|lang| plural_category(lang, n));
    let pick = |wanted: &str| forms.iter().find(|(c, _)| *c == wanted).map(|(_, f)| *f);
    category
        .and_then(pick)
        .or_else(|| pick("other"))
        .unwrap_or(pattern)
}

/// The CLDR plural category of the number `n` (as written, `1.5` too) in `lang`.
pub(super) fn plural_category(lang: &str, n: &str) -> Option<&'static str> {
    use intl_pluralrules::{PluralCategory, PluralRuleType, PluralRules};
    let id: unic_langid::LanguageIdentifier = lang.parse().ok()?;
    let rules = PluralRules::create(id, PluralRuleType::CARDINAL).ok()?;
    Some(match rules.select(n).ok()? {
        PluralCategory::ZERO => "zero",
        PluralCategory::ONE => "one",
        PluralCategory::TWO => "two",
        PluralCategory::FEW => "few",
        PluralCategory::MANY => "many",
        PluralCategory::OTHER => "other",
    })
}

/// A duration for people: `1h30m` -> `1 h 30 min` with the catalogue's unit patterns.
fn format_duration(strings: &Value, text: &str) -> Option<String> {
    let parts = duration_parts(text)?;
    let rules = catalogue_string(strings, "plural_rules");
    let words: Vec<String> = parts
        .iter()
        .map(|(n, unit)| {
            let (_, _, key) = UNITS
                .iter()
                .find(|(u, _, _)| u == unit)
                .copied()
                .unwrap_or(UNITS[4]);
            let pattern = catalogue_string(strings, key).unwrap_or_else(|| format!("{{n}} {unit}"));
            let pattern = plural_form(&pattern, n, rules.as_deref());
            // A number never wraps away from its unit.
            fill(pattern, n).replace(' ', "\u{a0}")
        })
        .collect();
    Some(words.join(" "))
}

/// On a business clock a "day" is ambiguous (24 hours, or one working day?), so such
/// durations are shown in hours: `1d3h` -> `27h`.
fn on_clock(text: &str, clock: Option<&str>) -> String {
    if clock != Some("business") {
        return text.to_owned();
    }
    match duration_seconds(text) {
        Some(secs) if secs >= 86_400.0 && secs.fract() == 0.0 => {
            let secs = secs as u64;
            let (h, rest) = (secs / 3600, secs % 3600);
            let (m, s) = (rest / 60, rest % 60);
            let mut out = format!("{h}h");
            if m > 0 {
                out.push_str(&format!("{m}m"));
            }
            if s > 0 {
                out.push_str(&format!("{s}s"));
            }
            out
        }
        _ => text.to_owned(),
    }
}

/// `"1h30m"|duration` -> `1 h 30 min`; `"1d3h"|duration("business")` -> `27 h`;
/// anything that is not a duration is shown as it is.
fn duration(state: &State, value: Value, clock: Option<String>) -> String {
    duration_of(&strings_of(state), &text_of(&value), clock.as_deref())
}

/// [`duration`] with the catalogue `strings`.
pub(super) fn duration_of(strings: &Value, text: &str, clock: Option<&str>) -> String {
    let text = on_clock(text, clock);
    format_duration(strings, &text).unwrap_or(text)
}

/// `"<= 4h"|target` -> `≤ 4 h`, `">= 80%"|target` -> `≥ 80%`: the canonical target with
/// its operator as a symbol and its quantity in the handbook language's units.
fn target(state: &State, value: Value, clock: Option<String>) -> String {
    target_of(&strings_of(state), &text_of(&value), clock.as_deref())
}

/// [`target`] with the catalogue `strings`.
pub(super) fn target_of(strings: &Value, text: &str, clock: Option<&str>) -> String {
    let trimmed = text.trim();
    let (op, quantity) = match trimmed.split_once(' ') {
        Some((op @ ("<=" | "<" | ">=" | ">"), rest)) => (Some(op), rest.trim()),
        _ => (None, trimmed),
    };
    let symbol = op.map(|op| match op {
        "<=" => "≤",
        ">=" => "≥",
        other => other,
    });
    let shown = if let Some(number) = quantity
        .strip_suffix('%')
        .filter(|n| n.parse::<f64>().is_ok())
    {
        fill(
            &catalogue_string(strings, "percent").unwrap_or_else(|| "{n}%".to_owned()),
            number,
        )
        .replace(' ', "\u{a0}")
    } else {
        let quantity = on_clock(quantity, clock);
        format_duration(strings, &quantity).unwrap_or(quantity)
    };
    match symbol {
        Some(symbol) => format!("{symbol}\u{a0}{shown}"),
        None => shown,
    }
}

/// `list|by_duration("after")`: the list ordered by a duration attribute, shortest first;
/// entries without a readable duration keep their order at the end.
pub(super) fn by_duration(value: Value, attribute: &str) -> Result<Value, Error> {
    let Json::Array(mut items) = to_json(&value) else {
        if value.is_undefined() || value.is_none() {
            return Ok(Value::from(Vec::<Value>::new()));
        }
        return Err(Error::new(
            ErrorKind::InvalidOperation,
            "by_duration expects a list",
        ));
    };
    let key = |item: &Json| {
        item.get(attribute)
            .and_then(Json::as_str)
            .and_then(duration_seconds)
    };
    items.sort_by(|a, b| shortest_first(key(a), key(b)));
    Ok(Value::from(Serde(Json::Array(items))))
}

/// Orders durations shortest first, with those that could not be read at the end.
pub(super) fn shortest_first(a: Option<f64>, b: Option<f64>) -> Ordering {
    match (a, b) {
        (Some(x), Some(y)) => x.partial_cmp(&y).unwrap_or(Ordering::Equal),
        (Some(_), None) => Ordering::Less,
        (None, Some(_)) => Ordering::Greater,
        (None, None) => Ordering::Equal,
    }
}

/// `list|group_by("section")`: a map from each value of the attribute to the items that
/// have it, in order. One pass, where `for c in list if c.section == s.id` inside a loop
/// over sections would look at every item once per section.
pub(super) fn group_by(list: Value, attribute: &str) -> Result<Value, Error> {
    let mut groups: indexmap::IndexMap<Value, Vec<Value>> = indexmap::IndexMap::new();
    if !(list.is_undefined() || list.is_none()) {
        for item in list.try_iter()? {
            let key = item.get_attr(attribute)?;
            groups.entry(key).or_default().push(item);
        }
    }
    Ok(Value::from_object(
        groups
            .into_iter()
            .map(|(k, v)| (k, Value::from(v)))
            .collect::<indexmap::IndexMap<Value, Value>>(),
    ))
}

/// `list|by_id`: a map from each item's `id` to the (first) item with it.
pub(super) fn by_id(list: Value) -> Result<Value, Error> {
    let mut map: indexmap::IndexMap<Value, Value> = indexmap::IndexMap::new();
    if !(list.is_undefined() || list.is_none()) {
        for item in list.try_iter()? {
            let id = item.get_attr("id")?;
            map.entry(id).or_insert(item);
        }
    }
    Ok(Value::from_object(map))
}

/// `url|safe_url`: the URL when a link may point there (http, https, mailto, relative),
/// else none.
fn safe_url(value: Value) -> Value {
    match markdown::safe_url(&text_of(&value)) {
        Some(url) => Value::from(url),
        None => Value::from(()),
    }
}

#[cfg(test)]
mod tests {
    use super::{duration_of, duration_parts, duration_seconds, on_clock, plural_category};
    use crate::render::catalog::{CATALOGUES, CatalogueValue, parse, strings};

    fn shown(lang: &str, duration: &str) -> String {
        let strings = CatalogueValue::value(strings(lang).unwrap());
        duration_of(&strings, duration, None).replace('\u{a0}', " ")
    }

    #[test]
    fn units_take_the_plural_form_of_their_number() {
        for (lang, duration, want) in [
            ("de", "1d", "1 Tag"),
            ("de", "3d", "3 Tage"),
            ("de", "2w1d4h", "2 Wochen 1 Tag 4 Std."),
            ("de", "1.5d", "1.5 Tage"),
            ("ar-SA", "1d", "يوم واحد"),
            ("ar-SA", "2d", "يومين"),
            ("ar-SA", "3d", "3 أيام"),
            ("ar-SA", "11d", "11 يومًا"),
            ("ar-SA", "100d", "100 يوم"),
            ("ar-SA", "4w", "4 أسابيع"),
            // Units without plural forms (English, Japanese, French) are as before.
            ("en", "1d", "1 d"),
            ("ja", "3d", "3日"),
            ("fr-CA", "1d", "1 j"),
        ] {
            assert_eq!(shown(lang, duration), want, "{lang} {duration}");
        }
    }

    #[test]
    fn every_plural_pattern_names_known_categories_and_other() {
        const CATEGORIES: [&str; 6] = ["zero", "one", "two", "few", "many", "other"];
        for (lang, text) in CATALOGUES {
            let own = parse(lang, text).unwrap();
            if let Some(rules) = own.get("plural_rules") {
                assert!(plural_category(rules, "1").is_some(), "{lang}: {rules}");
            }
            for (key, pattern) in own.iter().filter(|(_, p)| p.contains('|')) {
                let forms: Vec<_> = pattern.split('|').map(|f| f.split_once(':')).collect();
                assert!(
                    forms
                        .iter()
                        .all(|f| f.is_some_and(|(c, _)| CATEGORIES.contains(&c.trim()))),
                    "{lang} {key}: {pattern}"
                );
                assert!(
                    forms.iter().flatten().any(|(c, _)| c.trim() == "other"),
                    "{lang} {key}"
                );
            }
        }
    }

    #[test]
    fn business_durations_are_shown_in_hours() {
        assert_eq!(on_clock("1d3h", Some("business")), "27h");
        assert_eq!(on_clock("1d21h30m", Some("business")), "45h30m");
        assert_eq!(on_clock("8h", Some("business")), "8h");
        assert_eq!(on_clock("1d3h", Some("calendar")), "1d3h");
        assert_eq!(on_clock("1d3h", None), "1d3h");
    }

    #[test]
    fn durations_parse() {
        assert_eq!(duration_seconds("1h30m"), Some(5400.0));
        assert_eq!(duration_seconds("2d"), Some(172_800.0));
        assert_eq!(duration_seconds("30s"), Some(30.0));
        assert_eq!(duration_seconds("1w"), Some(604_800.0));
        assert_eq!(duration_parts("4.5"), None);
        assert_eq!(duration_parts("80%"), None);
        assert_eq!(duration_parts("h"), None);
        assert_eq!(duration_parts(""), None);
    }
}
