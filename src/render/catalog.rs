//! String catalogues: the handbook's own headings and labels, one TOML file per language,
//! with English filling in every key a language lacks. Source text is never translated here.

use std::collections::BTreeMap;
use std::sync::OnceLock;

use super::RenderError;

/// Every built-in catalogue, by primary language subtag, then regional variants (`fr-CA`)
/// that only override the words that differ there. English is the reference: every
/// other catalogue may only use its keys.
pub const CATALOGUES: [(&str, &str); 10] = [
    ("en", include_str!("catalog/en.toml")),
    ("de", include_str!("catalog/de.toml")),
    ("fr", include_str!("catalog/fr.toml")),
    ("es", include_str!("catalog/es.toml")),
    ("pt", include_str!("catalog/pt.toml")),
    ("ja", include_str!("catalog/ja.toml")),
    ("zh", include_str!("catalog/zh.toml")),
    ("ko", include_str!("catalog/ko.toml")),
    ("ar", include_str!("catalog/ar.toml")),
    ("fr-CA", include_str!("catalog/fr-CA.toml")),
];

/// One language's strings by key.
pub type Strings = BTreeMap<String, String>;

/// Parsed catalogues, or the language and message of the first malformed one.
type Parsed = Result<BTreeMap<&'static str, Strings>, (String, String)>;

fn parsed() -> &'static Parsed {
    static PARSED: OnceLock<Parsed> = OnceLock::new();
    PARSED.get_or_init(|| {
        CATALOGUES
            .iter()
            .map(|(lang, text)| match parse(lang, text) {
                Ok(strings) => Ok((*lang, strings)),
                Err(e) => Err((lang.to_string(), e.to_string())),
            })
            .collect()
    })
}

/// Parses one catalogue: a flat table of strings.
pub fn parse(lang: &str, text: &str) -> Result<Strings, RenderError> {
    let error = |message: String| RenderError::Catalog {
        lang: lang.to_owned(),
        message,
    };
    let table: toml::Table = toml::from_str(text).map_err(|e| error(e.to_string()))?;
    table
        .into_iter()
        .map(|(key, value)| match value {
            toml::Value::String(s) => Ok((key, s)),
            other => Err(error(format!(
                "key `{key}` must be a string, not {}",
                other.type_str()
            ))),
        })
        .collect()
}

/// The strings for `lang` (a BCP-47 tag such as `de` or `fr-CA`), every key present: the
/// regional variant's words (`fr-CA`) where there is one, else the language's (`fr`), else
/// English.
pub fn strings(lang: &str) -> Result<Strings, RenderError> {
    let catalogues = parsed()
        .as_ref()
        .map_err(|(lang, message)| RenderError::Catalog {
            lang: lang.clone(),
            message: message.clone(),
        })?;
    let mut merged = catalogues.get("en").cloned().unwrap_or_default();
    if let Some(own) = catalogues.get(primary_subtag(lang).as_str()) {
        merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    let variant = catalogues
        .iter()
        .find(|(tag, _)| tag.contains('-') && tag.eq_ignore_ascii_case(lang.trim()));
    if let Some((_, own)) = variant {
        merged.extend(own.iter().map(|(k, v)| (k.clone(), v.clone())));
    }
    Ok(merged)
}

/// `pt-BR` -> `pt`, `ZH_hant` -> `zh`.
pub fn primary_subtag(lang: &str) -> String {
    lang.split(['-', '_'])
        .next()
        .unwrap_or_default()
        .trim()
        .to_ascii_lowercase()
}

#[cfg(test)]
mod tests {
    use super::{CATALOGUES, parse, strings};

    #[test]
    fn every_catalogue_parses_and_uses_only_english_keys() {
        let en = parse("en", CATALOGUES[0].1).unwrap();
        assert!(en.len() > 50);
        for (lang, text) in CATALOGUES {
            let own = parse(lang, text).unwrap_or_else(|e| panic!("{lang}: {e}"));
            let unknown: Vec<_> = own.keys().filter(|k| !en.contains_key(*k)).collect();
            assert!(
                unknown.is_empty(),
                "{lang}.toml has keys that en.toml lacks: {unknown:?}"
            );
            let empty: Vec<_> = own
                .iter()
                // Separators may be a space or nothing (Japanese and Chinese join sentences
                // without one).
                .filter(|(k, v)| v.trim().is_empty() && !k.ends_with("_separator"))
                .map(|(k, _)| k)
                .collect();
            assert!(empty.is_empty(), "{lang}.toml has empty strings: {empty:?}");
        }
    }

    #[test]
    fn shipped_catalogues_are_complete() {
        let en = parse("en", CATALOGUES[0].1).unwrap();
        // Regional variants override a few words only.
        for (lang, text) in CATALOGUES.iter().filter(|(l, _)| !l.contains('-')) {
            let own = parse(lang, text).unwrap();
            let missing: Vec<_> = en.keys().filter(|k| !own.contains_key(*k)).collect();
            assert!(missing.is_empty(), "{lang}.toml lacks {missing:?}");
        }
    }

    #[test]
    fn missing_keys_and_languages_fall_back_to_english() {
        let en = strings("en").unwrap();
        for lang in [
            "de", "fr-FR", "es", "pt-BR", "ja", "zh-Hans", "ko", "ar-SA", "sw", "",
        ] {
            let merged = strings(lang).unwrap();
            assert_eq!(merged.len(), en.len(), "{lang}");
            assert!(en.keys().all(|k| merged.contains_key(k)), "{lang}");
        }
        assert_eq!(strings("sw").unwrap(), en);
        assert_eq!(strings("fr-CA").unwrap()["channel_chat"], "Clavardage");
        assert_eq!(
            strings("fr-FR").unwrap()["channel_chat"],
            strings("fr").unwrap()["channel_chat"]
        );
        assert_ne!(
            strings("de-AT").unwrap()["part_channels"],
            en["part_channels"]
        );
    }

    #[test]
    fn placeholders_survive_translation() {
        let en = strings("en").unwrap();
        for (lang, _) in CATALOGUES {
            let own = strings(lang).unwrap();
            for (key, english) in &en {
                for placeholder in [
                    "{n}",
                    "{from}",
                    "{to}",
                    "{measure}",
                    "{version}",
                    "{count}",
                    "{name}",
                    "{region}",
                    "{channels}",
                    "{disclosure}",
                    "{languages}",
                    "{first}",
                    "{profile}",
                    "{address}",
                    "{channel}",
                    "{targets}",
                    "{key}",
                    "{duration}",
                    "{priority}",
                    "{definition}",
                    "{clock}",
                    "{steps}",
                ] {
                    if english.contains(placeholder) {
                        assert!(
                            own[key].contains(placeholder),
                            "{lang}.{key} lacks {placeholder}"
                        );
                    }
                }
            }
        }
    }
}

/// A catalogue as a template value: looked up by key on every label, so with a fast hash
/// and without a copy of the key; iterated in key order like the map it replaces.
#[derive(Debug)]
pub struct CatalogueValue {
    keys: Vec<minijinja::Value>,
    map: std::collections::HashMap<Box<str>, minijinja::Value, foldhash::fast::RandomState>,
}

impl CatalogueValue {
    pub fn value(strings: Strings) -> minijinja::Value {
        let keys = strings
            .keys()
            .map(|k| minijinja::Value::from(k.as_str()))
            .collect();
        let map = strings
            .into_iter()
            .map(|(k, v)| (k.into_boxed_str(), minijinja::Value::from(v)))
            .collect();
        minijinja::Value::from_object(CatalogueValue { keys, map })
    }
}

impl minijinja::value::Object for CatalogueValue {
    fn get_value(self: &std::sync::Arc<Self>, key: &minijinja::Value) -> Option<minijinja::Value> {
        key.as_str().and_then(|k| self.map.get(k).cloned())
    }

    fn get_value_by_str(self: &std::sync::Arc<Self>, key: &str) -> Option<minijinja::Value> {
        self.map.get(key).cloned()
    }

    fn enumerate(self: &std::sync::Arc<Self>) -> minijinja::value::Enumerator {
        minijinja::value::Enumerator::Values(self.keys.clone())
    }

    fn enumerator_len(self: &std::sync::Arc<Self>) -> Option<usize> {
        Some(self.keys.len())
    }
}
