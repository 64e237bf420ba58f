//! Zendesk's (and Freshdesk's) time-zone names: the names of Ruby on Rails'
//! `ActiveSupport::TimeZone`, each with the IANA zone it stands for.
//!
//! Data only, no logic beyond looking a name up. The table is the `MAPPING` constant of
//! `activesupport/lib/active_support/values/time_zone.rb` in rails/rails (commit
//! 2a2db1e8d6d104ee0611efcae7eb023af65cff34), copied as data, in its order. Ruby on
//! Rails is released under the MIT License, Copyright (c) David Heinemeier Hansson.
//!
//! Several Rails names stand for one IANA zone (Osaka, Sapporo and Tokyo for
//! `Asia/Tokyo`). csstd writes one of them, chosen so that the same zone always gives
//! the same name: the Rails name that is the zone's own city (the part after the last
//! `/`, with `_` read as a space: `Tokyo`, `Mexico City`, `Kolkata`), else the first of
//! them in byte order. Reading a helpdesk's configuration, any of the names counts as
//! the zone.

/// Rails name → IANA zone, as Rails lists them.
pub const MAPPING: &[(&str, &str)] = &[
    ("International Date Line West", "Etc/GMT+12"),
    ("Midway Island", "Pacific/Midway"),
    ("American Samoa", "Pacific/Pago_Pago"),
    ("Hawaii", "Pacific/Honolulu"),
    ("Alaska", "America/Juneau"),
    ("Pacific Time (US & Canada)", "America/Los_Angeles"),
    ("Pacific Time (Canada)", "America/Vancouver"),
    ("Tijuana", "America/Tijuana"),
    ("Mountain Time (US & Canada)", "America/Denver"),
    ("Alberta", "America/Edmonton"),
    ("Arizona", "America/Phoenix"),
    ("Chihuahua", "America/Chihuahua"),
    ("Mazatlan", "America/Mazatlan"),
    ("Central Time (US & Canada)", "America/Chicago"),
    ("Saskatchewan", "America/Regina"),
    ("Guadalajara", "America/Mexico_City"),
    ("Mexico City", "America/Mexico_City"),
    ("Monterrey", "America/Monterrey"),
    ("Central America", "America/Guatemala"),
    ("Eastern Time (US & Canada)", "America/New_York"),
    ("Indiana (East)", "America/Indiana/Indianapolis"),
    ("Bogota", "America/Bogota"),
    ("Lima", "America/Lima"),
    ("Quito", "America/Lima"),
    ("Atlantic Time (Canada)", "America/Halifax"),
    ("Caracas", "America/Caracas"),
    ("La Paz", "America/La_Paz"),
    ("Santiago", "America/Santiago"),
    ("Asuncion", "America/Asuncion"),
    ("Newfoundland", "America/St_Johns"),
    ("Brasilia", "America/Sao_Paulo"),
    ("Buenos Aires", "America/Argentina/Buenos_Aires"),
    ("Montevideo", "America/Montevideo"),
    ("Georgetown", "America/Guyana"),
    ("Puerto Rico", "America/Puerto_Rico"),
    ("Greenland", "America/Nuuk"),
    ("Mid-Atlantic", "Atlantic/South_Georgia"),
    ("Azores", "Atlantic/Azores"),
    ("Cape Verde Is.", "Atlantic/Cape_Verde"),
    ("Dublin", "Europe/Dublin"),
    ("Edinburgh", "Europe/London"),
    ("Lisbon", "Europe/Lisbon"),
    ("London", "Europe/London"),
    ("Casablanca", "Africa/Casablanca"),
    ("Monrovia", "Africa/Monrovia"),
    ("UTC", "Etc/UTC"),
    ("Belgrade", "Europe/Belgrade"),
    ("Bratislava", "Europe/Bratislava"),
    ("Budapest", "Europe/Budapest"),
    ("Ljubljana", "Europe/Ljubljana"),
    ("Prague", "Europe/Prague"),
    ("Sarajevo", "Europe/Sarajevo"),
    ("Skopje", "Europe/Skopje"),
    ("Warsaw", "Europe/Warsaw"),
    ("Zagreb", "Europe/Zagreb"),
    ("Brussels", "Europe/Brussels"),
    ("Copenhagen", "Europe/Copenhagen"),
    ("Madrid", "Europe/Madrid"),
    ("Paris", "Europe/Paris"),
    ("Amsterdam", "Europe/Amsterdam"),
    ("Berlin", "Europe/Berlin"),
    ("Bern", "Europe/Zurich"),
    ("Zurich", "Europe/Zurich"),
    ("Rome", "Europe/Rome"),
    ("Stockholm", "Europe/Stockholm"),
    ("Vienna", "Europe/Vienna"),
    ("West Central Africa", "Africa/Algiers"),
    ("Bucharest", "Europe/Bucharest"),
    ("Cairo", "Africa/Cairo"),
    ("Helsinki", "Europe/Helsinki"),
    ("Kyiv", "Europe/Kyiv"),
    ("Riga", "Europe/Riga"),
    ("Sofia", "Europe/Sofia"),
    ("Tallinn", "Europe/Tallinn"),
    ("Vilnius", "Europe/Vilnius"),
    ("Athens", "Europe/Athens"),
    ("Istanbul", "Europe/Istanbul"),
    ("Minsk", "Europe/Minsk"),
    ("Jerusalem", "Asia/Jerusalem"),
    ("Harare", "Africa/Harare"),
    ("Pretoria", "Africa/Johannesburg"),
    ("Kaliningrad", "Europe/Kaliningrad"),
    ("Moscow", "Europe/Moscow"),
    ("St. Petersburg", "Europe/Moscow"),
    ("Volgograd", "Europe/Volgograd"),
    ("Samara", "Europe/Samara"),
    ("Kuwait", "Asia/Kuwait"),
    ("Riyadh", "Asia/Riyadh"),
    ("Nairobi", "Africa/Nairobi"),
    ("Baghdad", "Asia/Baghdad"),
    ("Tehran", "Asia/Tehran"),
    ("Abu Dhabi", "Asia/Muscat"),
    ("Muscat", "Asia/Muscat"),
    ("Baku", "Asia/Baku"),
    ("Tbilisi", "Asia/Tbilisi"),
    ("Yerevan", "Asia/Yerevan"),
    ("Kabul", "Asia/Kabul"),
    ("Ekaterinburg", "Asia/Yekaterinburg"),
    ("Islamabad", "Asia/Karachi"),
    ("Karachi", "Asia/Karachi"),
    ("Tashkent", "Asia/Tashkent"),
    ("Chennai", "Asia/Kolkata"),
    ("Kolkata", "Asia/Kolkata"),
    ("Mumbai", "Asia/Kolkata"),
    ("New Delhi", "Asia/Kolkata"),
    ("Kathmandu", "Asia/Kathmandu"),
    ("Dhaka", "Asia/Dhaka"),
    ("Sri Jayawardenepura", "Asia/Colombo"),
    ("Almaty", "Asia/Almaty"),
    ("Astana", "Asia/Almaty"),
    ("Novosibirsk", "Asia/Novosibirsk"),
    ("Rangoon", "Asia/Yangon"),
    ("Bangkok", "Asia/Bangkok"),
    ("Hanoi", "Asia/Bangkok"),
    ("Jakarta", "Asia/Jakarta"),
    ("Krasnoyarsk", "Asia/Krasnoyarsk"),
    ("Beijing", "Asia/Shanghai"),
    ("Chongqing", "Asia/Chongqing"),
    ("Hong Kong", "Asia/Hong_Kong"),
    ("Urumqi", "Asia/Urumqi"),
    ("Kuala Lumpur", "Asia/Kuala_Lumpur"),
    ("Singapore", "Asia/Singapore"),
    ("Taipei", "Asia/Taipei"),
    ("Perth", "Australia/Perth"),
    ("Irkutsk", "Asia/Irkutsk"),
    ("Ulaanbaatar", "Asia/Ulaanbaatar"),
    ("Seoul", "Asia/Seoul"),
    ("Osaka", "Asia/Tokyo"),
    ("Sapporo", "Asia/Tokyo"),
    ("Tokyo", "Asia/Tokyo"),
    ("Yakutsk", "Asia/Yakutsk"),
    ("Darwin", "Australia/Darwin"),
    ("Adelaide", "Australia/Adelaide"),
    ("Canberra", "Australia/Canberra"),
    ("Melbourne", "Australia/Melbourne"),
    ("Sydney", "Australia/Sydney"),
    ("Brisbane", "Australia/Brisbane"),
    ("Hobart", "Australia/Hobart"),
    ("Vladivostok", "Asia/Vladivostok"),
    ("Guam", "Pacific/Guam"),
    ("Port Moresby", "Pacific/Port_Moresby"),
    ("Magadan", "Asia/Magadan"),
    ("Srednekolymsk", "Asia/Srednekolymsk"),
    ("Solomon Is.", "Pacific/Guadalcanal"),
    ("New Caledonia", "Pacific/Noumea"),
    ("Fiji", "Pacific/Fiji"),
    ("Kamchatka", "Asia/Kamchatka"),
    ("Marshall Is.", "Pacific/Majuro"),
    ("Auckland", "Pacific/Auckland"),
    ("Wellington", "Pacific/Auckland"),
    ("Nuku'alofa", "Pacific/Tongatapu"),
    ("Tokelau Is.", "Pacific/Fakaofo"),
    ("Chatham Is.", "Pacific/Chatham"),
    ("Samoa", "Pacific/Apia"),
];

/// The IANA zone a Rails name stands for.
pub fn iana_of(rails: &str) -> Option<&'static str> {
    MAPPING.iter().find(|(r, _)| *r == rails).map(|(_, z)| *z)
}

/// The Rails name csstd writes for an IANA zone, if Rails has one (see the module's rule).
pub fn rails_of(zone: &str) -> Option<&'static str> {
    // csstd's files write `UTC`; Rails maps its `UTC` to `Etc/UTC`.
    let zone = if zone == "UTC" { "Etc/UTC" } else { zone };
    let city = zone.rsplit('/').next().unwrap_or(zone).replace('_', " ");
    let mut names: Vec<&'static str> = MAPPING
        .iter()
        .filter(|(_, z)| *z == zone)
        .map(|(r, _)| *r)
        .collect();
    names.sort_unstable();
    names
        .iter()
        .find(|r| **r == city)
        .or(names.first())
        .copied()
}

/// Are two zone names, each a Rails or an IANA name, the same zone?
pub fn same_zone(a: &str, b: &str) -> bool {
    let iana = |n: &str| -> String {
        let z = iana_of(n).unwrap_or(n);
        if z == "UTC" {
            "Etc/UTC".into()
        } else {
            z.into()
        }
    };
    iana(a) == iana(b)
}

/// A Rails name whose zone keeps the same clock as `zone` in January and July 2026 (the
/// same offsets, so the same hours most of the year), to suggest when `zone` has none.
pub fn suggestion(zone: &str) -> Option<&'static str> {
    let db = jiff::tz::db();
    let tz = db.get(zone).ok()?;
    let probes: Vec<jiff::Timestamp> = ["2026-01-15T12:00:00Z", "2026-07-15T12:00:00Z"]
        .iter()
        .filter_map(|t| t.parse().ok())
        .collect();
    let offsets = |tz: &jiff::tz::TimeZone| -> Vec<i32> {
        probes.iter().map(|t| tz.to_offset(*t).seconds()).collect()
    };
    let want = offsets(&tz);
    // In Rails' own order, which lists the zones people use most first.
    MAPPING
        .iter()
        .map(|(_, z)| *z)
        .find(|z| db.get(z).is_ok_and(|other| offsets(&other) == want))
        .and_then(rails_of)
}

#[cfg(test)]
mod tests {
    use super::{rails_of, same_zone, suggestion};

    #[test]
    fn one_zone_gets_one_name_by_the_city_rule() {
        assert_eq!(rails_of("Asia/Tokyo"), Some("Tokyo"));
        assert_eq!(rails_of("Europe/London"), Some("London"));
        assert_eq!(rails_of("Asia/Kolkata"), Some("Kolkata"));
        assert_eq!(rails_of("America/Mexico_City"), Some("Mexico City"));
        assert_eq!(rails_of("Europe/Zurich"), Some("Zurich"));
        assert_eq!(
            rails_of("America/New_York"),
            Some("Eastern Time (US & Canada)")
        );
        assert_eq!(rails_of("America/Sao_Paulo"), Some("Brasilia"));
        assert_eq!(rails_of("UTC"), Some("UTC"));
        assert_eq!(rails_of("America/Toronto"), None);
    }

    #[test]
    fn every_rails_name_of_a_zone_is_that_zone() {
        assert!(same_zone("Osaka", "Tokyo"));
        assert!(same_zone("Tokyo", "Asia/Tokyo"));
        assert!(same_zone("UTC", "Etc/UTC"));
        assert!(!same_zone("Tokyo", "Seoul"));
    }

    #[test]
    fn a_zone_without_a_name_gets_one_that_keeps_its_clock() {
        assert_eq!(
            suggestion("America/Toronto"),
            Some("Eastern Time (US & Canada)")
        );
    }
}
