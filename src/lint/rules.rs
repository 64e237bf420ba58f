//! Every lint rule as data: id, principle, default severity and its documentation.
//! `explain`, `rules`, SARIF and `docs/rules.md` all read this one table.

use crate::diag::Severity;

/// One rule and what `csstd explain` says about it.
#[derive(Debug)]
pub struct Rule {
    pub id: &'static str,
    pub severity: Severity,
    pub summary: &'static str,
    pub why: &'static str,
    pub failing: &'static str,
    pub passing: &'static str,
}

impl Rule {
    /// The principle: the part of the id before the slash.
    pub fn principle(&self) -> &'static str {
        self.id.split('/').next().unwrap_or(self.id)
    }
}

/// Finds a rule by id.
pub fn find(id: &str) -> Option<&'static Rule> {
    RULES.iter().find(|r| r.id == id)
}

/// All rules, sorted by id.
pub fn all() -> Vec<&'static Rule> {
    let mut rules: Vec<&Rule> = RULES.iter().collect();
    rules.sort_by_key(|r| r.id);
    rules
}

use Severity::{Error, Info, Warning};

pub static RULES: &[Rule] = &[
    Rule {
        id: "customer-orientation/expectation-unmet",
        severity: Warning,
        summary: "a resolved channel target is looser than the culture's expectation for it",
        why: "Customers judge service against what is normal where they live. A target looser than their expectation means the standard plans to disappoint them even when every agent meets it.",
        failing: "[expectations]\nemail = { first_response = \"4h\" }\n# inherited: [channels.email] targets = { first_response = \"24h\" }",
        passing: "[expectations]\nemail = { first_response = \"4h\" }\n\n[channels.email]\ntargets = { first_response = \"4h\" }",
    },
    Rule {
        id: "customer-orientation/no-human-handover",
        severity: Error,
        summary: "a region's assistant (`[agent] enabled = true`) has no `handover`",
        why: "An assistant with no way to a person traps the customers it cannot help, and they blame the company, not the bot. Every region that lets an AI answer first must say when and how it hands over to a person.",
        failing: "[agent]\nenabled = true\ndisclosure = \"I am Acme's virtual assistant.\"",
        passing: "[agent]\nenabled = true\ndisclosure = \"I am Acme's virtual assistant.\"\nhandover = \"Offer a person whenever the customer asks, is upset, or the matter is a complaint.\"",
    },
    Rule {
        id: "customer-orientation/agent-brief-too-long",
        severity: Warning,
        summary: "an item of the assistant's brief (`agent.json`) is over 2,500 characters, or the brief has over 40 items",
        why: "Helpdesk AI tools take instructions as a list of short items (Intercom Fin: guidance of at most 2,500 characters each; Zendesk AI agents: at most 40 instructions). A brief that does not fit is cut or refused when it is pasted in, and the part lost may be the one that mattered.",
        failing: "[agent]\nenabled = true\nnever = [\"...\", \"...\"]   # 30 entries, each an item\n# with the channels, escalations and legal notes: 52 items",
        passing: "[agent]\nenabled = true\nnever = [\"Promise a refund, a discount or a delivery date\", \"Give legal advice\"]",
    },
    Rule {
        id: "customer-orientation/no-satisfaction-metric",
        severity: Warning,
        summary: "no metric of category `satisfaction`",
        why: "A standard that never asks customers how they feel measures only itself. ISO 10004 asks for a satisfaction measure with a target, a method and a frequency.",
        failing: "[[metrics]]\nid = \"aht\"\ntitle = \"Average handling time\"\ncategory = \"responsiveness\"\ntarget = \"<= 6m\"",
        passing: "[[metrics]]\nid = \"csat\"\ntitle = \"Customer satisfaction\"\ncategory = \"satisfaction\"\ntarget = \">= 85%\"",
    },
    Rule {
        id: "customer-orientation/escalation-after-deadline",
        severity: Warning,
        summary: "an escalation's `after` is later than the `within` of the resolution SLA for its priority (same clock)",
        why: "An escalation that fires after the resolution deadline has passed cannot save that deadline; it only reports a breach.",
        failing: "[[slas]]\nid = \"email.p1.resolution\"\nchannel = \"email\"\npriority = \"p1\"\nmeasure = \"resolution\"\nwithin = \"4h\"\n\n[[escalations]]\nid = \"p1.manager\"\npriority = \"p1\"\nafter = \"6h\"\nto = \"Duty manager\"",
        passing: "[[escalations]]\nid = \"p1.manager\"\npriority = \"p1\"\nafter = \"2h\"\nto = \"Duty manager\"",
    },
    Rule {
        id: "customer-orientation/priority-without-sla",
        severity: Warning,
        summary: "a priority has no SLA on some enabled channel",
        why: "Agents look up how fast a priority must be answered on the channel in front of them. A gap in the matrix leaves them guessing and the helpdesk without a timer.",
        failing: "[[priorities]]\nid = \"p1\"\ntitle = \"Critical\"\n# channels phone and email are enabled, but only email has an SLA for p1",
        passing: "[[slas]]\nid = \"phone.p1.answer\"\nchannel = \"phone\"\npriority = \"p1\"\nmeasure = \"answer\"\nwithin = \"20s\"",
    },
    Rule {
        id: "cultural-sensitivity/missing-communication-profile",
        severity: Error,
        summary: "a region lacks `directness`, `context` or `formality`",
        why: "How direct, how explicit and how formal to be differs sharply between cultures; without the profile the handbook cannot tell agents how to speak to these customers.",
        failing: "[communication]\ndirectness = \"indirect\"",
        passing: "[communication]\ndirectness = \"indirect\"\ncontext = \"high\"\nformality = \"formal\"",
    },
    Rule {
        id: "cultural-sensitivity/language-not-served",
        severity: Warning,
        summary: "a culture language that no enabled channel lists",
        why: "A language customers use that no channel serves pushes them into a second language, or away.",
        failing: "[culture]\nlanguages = [\"ja\", \"en\"]\n# no enabled channel lists \"ja\"",
        passing: "[channels.email]\nlanguages = [\"ja\", \"en\"]",
    },
    Rule {
        id: "cultural-sensitivity/untranslated",
        severity: Warning,
        summary: "a handbook shows a block in another language than its own, with no translation (only for languages the project keeps a catalogue for)",
        why: "People serving Japanese customers read their standard in Japanese. A paragraph left in the standard's language is one they may skip or misread; the handbook marks it, and this rule lists every such block so the catalogue can be completed.",
        failing: "# translations/ja.po\nmsgctxt \"clauses[attitude.respect].text\"\nmsgid \"Treat every customer as an equal.\"\nmsgstr \"\"",
        passing: "# translations/ja.po\nmsgctxt \"clauses[attitude.respect].text\"\nmsgid \"Treat every customer as an equal.\"\nmsgstr \"すべてのお客様を対等に扱います。\"",
    },
    Rule {
        id: "cultural-sensitivity/stale-translation",
        severity: Warning,
        summary: "a region uses a catalogue entry marked fuzzy (its source changed since it was translated)",
        why: "A translation that silently falls behind the global text is worse than none. `csstd translate update` marks an entry fuzzy when its source block changes; until a translator confirms it, the handbook shows the source.",
        failing: "#, fuzzy\n#| msgid \"Reply within one day.\"\nmsgctxt \"clauses[process.reply].text\"\nmsgid \"Reply within four hours.\"\nmsgstr \"1日以内に返信します。\"",
        passing: "msgctxt \"clauses[process.reply].text\"\nmsgid \"Reply within four hours.\"\nmsgstr \"4時間以内に返信します。\"",
    },
    Rule {
        id: "consistency/translation-mismatch",
        severity: Warning,
        summary: "a translation's numbers, durations, percentages, link targets or code spans differ from its source's",
        why: "A translated handbook must promise what the standard promises: \"24 hours\" must not become \"48時間\", and a link must lead where the source's leads. English month names and numbers up to twelve written in words may become digits (\"1 October\" as \"10月1日\", \"within one month\" as \"1か月以内\").",
        failing: "msgid \"Answer within 24 hours.\"\nmsgstr \"48時間以内に回答します。\"",
        passing: "msgid \"Answer within 24 hours.\"\nmsgstr \"24時間以内に回答します。\"",
    },
    Rule {
        id: "consistency/locked-clause-modified",
        severity: Error,
        summary: "an overlay replaces `text`, `title` or `section` of a locked clause",
        why: "Locked clauses are the core every region shares. Local guidance belongs in `append`, which adds to the clause without changing it; the change was not applied.",
        failing: "[[clauses]]\nid = \"attitude.respect\"\ntext = \"A local rewrite\"",
        passing: "[[clauses]]\nid = \"attitude.respect\"\nappend = \"Local guidance added after the shared text.\"",
    },
    Rule {
        id: "consistency/locked-clause-removed",
        severity: Error,
        summary: "an overlay removes a locked clause",
        why: "A locked clause is part of the shared core; no region may drop it. The removal was not applied.",
        failing: "[[clauses]]\nid = \"attitude.respect\"\nremove = true",
        passing: "# keep the clause; add local guidance with `append` if needed",
    },
    Rule {
        id: "consistency/weakened-target",
        severity: Error,
        summary: "an overlay makes an inherited channel target or metric target looser",
        why: "Regions may adapt, but not lower the floor the global standard promises every customer. Tighten freely; loosening needs the base standard to change.",
        failing: "# inherited: email first_response <= 24h\n[channels.email]\ntargets = { first_response = \"48h\" }",
        passing: "[channels.email]\ntargets = { first_response = \"8h\" }",
    },
    Rule {
        id: "consistency/no-op-override",
        severity: Info,
        summary: "an overlay sets a value identical to the one it inherits",
        why: "A restated value looks like a local decision but is none; when the base changes, the copy silently stops following it.",
        failing: "# inherited: chat first_response <= 60s\n[channels.chat]\ntargets = { first_response = \"60s\" }",
        passing: "# leave the key out and inherit it",
    },
    Rule {
        id: "consistency/weakened-sla",
        severity: Error,
        summary: "an overlay makes an inherited SLA looser",
        why: "An SLA promises a response time at an attainment rate. A longer `within`, a lower `attainment` or a move from calendar to business time lowers the promise.",
        failing: "# inherited: within = \"1h\", attainment = \">= 95%\"\n[[slas]]\nid = \"email.p1.first_response\"\nwithin = \"4h\"",
        passing: "[[slas]]\nid = \"email.p1.first_response\"\nwithin = \"30m\"",
    },
    Rule {
        id: "consistency/mixed-sla-change",
        severity: Warning,
        summary: "an overlay makes an inherited SLA tighter on one axis and looser on the other",
        why: "A faster `within` at a lower attainment (or the reverse) may be a fair trade or a hidden weakening; a person should decide and say why.",
        failing: "# inherited: within = \"1h\", attainment = \">= 95%\"\n[[slas]]\nid = \"email.p1.first_response\"\nwithin = \"30m\"\nattainment = \">= 80%\"",
        passing: "[[slas]]\nid = \"email.p1.first_response\"\nwithin = \"30m\"",
    },
    Rule {
        id: "continuous-improvement/holidays-not-dated-ahead",
        severity: Warning,
        summary: "a region's schedule has no holiday dated within the next 12 months",
        why: "Business-hours clocks stop on public holidays. A schedule whose holidays all lie in the past computes wrong deadlines and shows agents wrong opening hours.",
        failing: "[[schedules]]\nid = \"office\"\nholidays = [{ name = \"New Year\", date = 2024-01-01 }]",
        passing: "[[schedules]]\nid = \"office\"\nholidays = [{ name = \"New Year\", date = 2027-01-01 }]",
    },
    Rule {
        id: "measurability/vague-language",
        severity: Warning,
        summary: "clause text uses a vague time phrase and the clause has no metric",
        why: "\"As soon as possible\" means something different to every agent and customer. Give a number, or tie the clause to a metric that has one.",
        failing: "[[clauses]]\nid = \"process.callback\"\ntext = \"Call the customer back as soon as possible.\"",
        passing: "[[clauses]]\nid = \"process.callback\"\ntext = \"Call the customer back within 2 business hours.\"",
    },
    Rule {
        id: "measurability/no-metric",
        severity: Warning,
        summary: "a clause in a `measurable = true` section has no metric",
        why: "A section marked measurable promises that each of its clauses is measured; a clause without a metric breaks that promise.",
        failing: "[[sections]]\nid = \"process\"\nmeasurable = true\n\n[[clauses]]\nid = \"process.closing\"\nsection = \"process\"",
        passing: "[[clauses]]\nid = \"process.closing\"\nsection = \"process\"\nmetric = \"fcr\"",
    },
    Rule {
        id: "measurability/no-target",
        severity: Error,
        summary: "a metric has no target",
        why: "A metric without a target can be reported but never met or missed (ISO 10004: target, method, frequency).",
        failing: "[[metrics]]\nid = \"csat\"\ntitle = \"Customer satisfaction\"\ncategory = \"satisfaction\"",
        passing: "[[metrics]]\nid = \"csat\"\ntitle = \"Customer satisfaction\"\ncategory = \"satisfaction\"\ntarget = \">= 85%\"",
    },
    Rule {
        id: "legal-compliance/no-data-protection-note",
        severity: Error,
        summary: "a region has no legal note with topic `data-protection`",
        why: "Every contact handles personal data. Agents must know the local law and its deadlines for access and deletion requests.",
        failing: "# no [[legal]] entry with topics = [\"data-protection\"]",
        passing: "[[legal]]\nid = \"gdpr\"\ntitle = \"GDPR\"\ntopics = [\"data-protection\"]\nreference = \"https://eur-lex.europa.eu/eli/reg/2016/679/oj\"",
    },
    Rule {
        id: "legal-compliance/no-ai-disclosure",
        severity: Error,
        summary: "a region's assistant (`[agent] enabled = true`) has no `disclosure`",
        why: "Customers must be told they are talking to an AI system, at the latest at the first interaction: the EU AI Act requires it from 2 August 2026 (Regulation (EU) 2024/1689, art. 50(1)), and customers everywhere distrust a bot that passes for a person.",
        failing: "[agent]\nenabled = true\nhandover = \"Offer a person whenever the customer asks.\"",
        passing: "[agent]\nenabled = true\ndisclosure = \"I am Acme's virtual assistant, an AI. You can ask for a person at any time.\"\nhandover = \"Offer a person whenever the customer asks.\"",
    },
    Rule {
        id: "legal-compliance/recording-consent-missing",
        severity: Error,
        summary: "an enabled channel has `recorded = true` and no legal note has topic `recording-consent`",
        why: "Recording calls without the consent or notice the local law requires can be a criminal offence (e.g. §201 StGB in Germany, all-party consent states in the US).",
        failing: "[channels.phone]\nrecorded = true\n# no legal note with topics = [\"recording-consent\"]",
        passing: "[[legal]]\nid = \"call-recording\"\ntitle = \"Call recording\"\ntopics = [\"recording-consent\"]\nreference = \"https://...\"",
    },
    Rule {
        id: "legal-compliance/no-reference",
        severity: Warning,
        summary: "a legal note has no `reference`",
        why: "A legal note without its source cannot be checked or kept current when the law changes.",
        failing: "[[legal]]\nid = \"appi\"\ntitle = \"APPI\"",
        passing: "[[legal]]\nid = \"appi\"\ntitle = \"APPI\"\nreference = \"https://www.ppc.go.jp/en/legal/\"",
    },
    Rule {
        id: "continuous-improvement/no-owner",
        severity: Error,
        summary: "the standard has no `owner`",
        why: "A standard nobody owns is never reviewed, and nobody answers for it when it fails customers.",
        failing: "[standard]\nid = \"global\"\n# no owner",
        passing: "[standard]\nid = \"global\"\nowner = \"Customer Experience Office\"",
    },
    Rule {
        id: "continuous-improvement/review-overdue",
        severity: Warning,
        summary: "`last_reviewed` + `review_every_months` is before today",
        why: "Laws, channels and customer expectations move; a standard past its review date drifts from all three.",
        failing: "last_reviewed = 2024-01-15\nreview_every_months = 12",
        passing: "last_reviewed = 2026-10-15\nreview_every_months = 12",
    },
    Rule {
        id: "participation/no-approvers",
        severity: Warning,
        summary: "the standard has no `approvers`",
        why: "A standard approved by nobody but its author lacks the voices (legal, regional leads, agents) that make it work.",
        failing: "[standard]\nowner = \"CX Office\"",
        passing: "[standard]\nowner = \"CX Office\"\napprovers = [\"Head of Support\", \"Legal\"]",
    },
    Rule {
        id: "lint/suppression-without-reason",
        severity: Error,
        summary: "an `allow` entry has an empty or missing `reason`",
        why: "A silenced rule without a reason is a silent exception nobody can review or revisit.",
        failing: "allow = [{ rule = \"consistency/no-op-override\" }]",
        passing: "allow = [{ rule = \"consistency/no-op-override\", reason = \"Restated on purpose while the base is in review\" }]",
    },
    Rule {
        id: "lint/unknown-rule",
        severity: Error,
        summary: "configuration or an `allow` entry names a rule that does not exist",
        why: "A misspelt rule id silences or configures nothing, and hides that it does nothing.",
        failing: "[lint.rules]\n\"participation/no-approver\" = \"off\"",
        passing: "[lint.rules]\n\"participation/no-approvers\" = \"off\"",
    },
    Rule {
        id: "lint/unused-suppression",
        severity: Warning,
        summary: "an `allow` entry silences nothing",
        why: "A suppression that no longer silences anything is stale; left in place it would hide the next real finding.",
        failing: "allow = [{ rule = \"legal-compliance/no-reference\", reason = \"...\" }]\n# on a legal note that has a reference",
        passing: "# remove the allow entry",
    },
    Rule {
        id: "lint/suppression-expired",
        severity: Error,
        summary: "an `allow` entry's `expires` date is before today",
        why: "An exception granted until a date must be revisited on that date: fix the finding or extend the exception with a fresh reason.",
        failing: "allow = [{ rule = \"...\", reason = \"...\", expires = 2025-01-01 }]",
        passing: "allow = [{ rule = \"...\", reason = \"...\", expires = 2027-06-30 }]",
    },
];

/// How to configure or silence a rule, the same text for every rule.
pub fn configure_text(id: &str) -> String {
    format!(
        "Change its severity in csstd.toml:\n\n    [lint.rules]\n    \"{id}\" = \"warning\"   # error | warning | info | off\n\n\
         Or silence it for one entry (clause, section, metric, legal note, channel table, [agent],\n\
         or a whole region with [culture]), with a reason and an optional expiry:\n\n    \
         allow = [{{ rule = \"{id}\", reason = \"why this is right here\", expires = 2027-06-30 }}]\n"
    )
}

/// `docs/rules.md`, generated from this table.
pub fn markdown() -> String {
    let mut out = String::from(
        "# Lint rules\n\n<!-- Generated from src/lint/rules.rs by `csstd explain`'s data; do not edit by hand.\n     Regenerate with: UPDATE_DOCS=1 cargo test --test rules_doc -->\n\n\
         | rule | default | fires when |\n|---|---|---|\n",
    );
    for r in all() {
        out.push_str(&format!(
            "| [`{}`](#{}) | {} | {} |\n",
            r.id,
            anchor(r.id),
            r.severity,
            r.summary.replace('|', "\\|")
        ));
    }
    for r in all() {
        out.push_str(&format!(
            "\n## {}\n\nPrinciple: {} · default: {}\n\n{}.\n\n{}\n\nFailing:\n\n```toml\n{}\n```\n\nPassing:\n\n```toml\n{}\n```\n",
            r.id,
            r.principle(),
            r.severity,
            capitalise(r.summary),
            r.why,
            r.failing,
            r.passing
        ));
    }
    out.push_str(&format!(
        "\n## Configuring and suppressing\n\n```text\n{}```\n",
        configure_text("<rule id>")
    ));
    out
}

fn anchor(id: &str) -> String {
    id.chars()
        .filter(|c| c.is_alphanumeric() || *c == '-')
        .collect::<String>()
        .to_lowercase()
}

fn capitalise(s: &str) -> String {
    let mut c = s.chars();
    c.next()
        .map(|f| f.to_uppercase().collect::<String>() + c.as_str())
        .unwrap_or_default()
}
