//! The floor csstd is measured against: a bare program that turns Markdown into templated
//! HTML with pulldown-cmark and minijinja, and nothing else (no resolution, no lint, no
//! escaping rules of its own, no manifest).

use minijinja::{Environment, context};
use pulldown_cmark::{Options, Parser, html};

const PAGE: &str = "<!DOCTYPE html>\n<html lang=\"en\">\n<head>\n<meta charset=\"utf-8\">\n\
<title>{{ title }}</title>\n</head>\n<body>\n<main>\n{{ body }}\n</main>\n</body>\n</html>\n";

/// A minijinja environment with the one page template.
pub fn environment() -> Environment<'static> {
    let mut env = Environment::new();
    env.add_template("page.html", PAGE)
        .expect("the baseline template parses");
    env
}

/// One Markdown document as a templated HTML page.
pub fn page(env: &Environment<'_>, title: &str, markdown: &str) -> String {
    let mut body = String::with_capacity(markdown.len() * 3 / 2);
    let options = Options::ENABLE_TABLES | Options::ENABLE_STRIKETHROUGH;
    html::push_html(&mut body, Parser::new_ext(markdown, options));
    env.get_template("page.html")
        .and_then(|t| {
            t.render(context! { title => title, body => minijinja::Value::from_safe_string(body) })
        })
        .expect("the baseline template renders")
}
