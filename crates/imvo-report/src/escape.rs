//! Escaping of user text for each target. Every string in the document model is plain text;
//! these functions make sure it prints literally: an organisation called `*A&B* <C> #1` must
//! not turn into emphasis, an HTML tag or a Typst function call.

/// Escapes text for HTML element content and attribute values (double- or single-quoted).
pub fn html(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&#39;"),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for XML (SVG) content and attributes; the same set as HTML.
pub fn xml(s: &str) -> String {
    html(s)
}

/// Escapes text for CommonMark/GitHub Markdown inline content, and for a table cell.
///
/// Inline markers (`\ ` * _ [ ] < > | ~`) are always escaped; `&` only where it would start an
/// entity; block markers (`#`, `>`, `-`, `+`, `=`, `1.`) only at the start of the text, where
/// they would start a heading, quote or list. Newlines become spaces: each block is one line.
pub fn markdown(s: &str) -> String {
    let s = s.replace(['\r', '\n'], " ");
    let mut out = String::with_capacity(s.len() + 8);
    let chars: Vec<char> = s.chars().collect();
    for (i, &c) in chars.iter().enumerate() {
        match c {
            '\\' | '`' | '*' | '_' | '[' | ']' | '<' | '>' | '|' | '~' => {
                out.push('\\');
                out.push(c);
            }
            '&' if starts_entity(&chars[i + 1..]) => out.push_str("\\&"),
            _ => out.push(c),
        }
    }
    // Block markers at the start of the line.
    let trimmed = out.trim_start();
    let lead = out.len() - trimmed.len();
    let needs = match trimmed.chars().next() {
        Some('#' | '+' | '-' | '=') => true,
        Some(c) if c.is_ascii_digit() => {
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            matches!(trimmed[digits.len()..].chars().next(), Some('.' | ')'))
        }
        _ => false,
    };
    if needs {
        if let Some(first) = trimmed.chars().next()
            && first.is_ascii_digit()
        {
            let digits: String = trimmed.chars().take_while(char::is_ascii_digit).collect();
            let rest = &trimmed[digits.len()..];
            return format!("{}{digits}\\{rest}", &out[..lead]);
        }
        return format!("{}\\{trimmed}", &out[..lead]);
    }
    out
}

fn starts_entity(rest: &[char]) -> bool {
    let name: String = rest
        .iter()
        .take_while(|c| c.is_ascii_alphanumeric() || **c == '#')
        .collect();
    !name.is_empty() && rest.get(name.chars().count()) == Some(&';')
}

/// Escapes text for Typst markup (inside `[...]` content or at the top level).
///
/// Every ASCII character with a meaning in Typst markup is preceded by a backslash, which Typst
/// reads as "this character, literally". That covers functions (`#`), math (`$`), emphasis
/// (`*`, `_`), raw (`` ` ``), labels and references (`<`, `>`, `@`), comments and term lists
/// (`/`), headings, lists and enums (`=`, `-`, `+`, `1.`), shorthands (`~`, `--`, `...`),
/// smart quotes (`'`, `"`) and links (`http:` via the `:`). Newlines become spaces.
pub fn typst_markup(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 16);
    for c in s.chars() {
        match c {
            '\\' | '#' | '$' | '*' | '_' | '`' | '<' | '>' | '@' | '/' | '=' | '-' | '+' | '~'
            | '.' | ':' | '\'' | '"' | '[' | ']' | '{' | '}' => {
                out.push('\\');
                out.push(c);
            }
            '\r' | '\n' => out.push(' '),
            _ => out.push(c),
        }
    }
    out
}

/// Escapes text for a Typst string literal (the contents between the double quotes).
pub fn typst_string(s: &str) -> String {
    let mut out = String::with_capacity(s.len() + 8);
    for c in s.chars() {
        match c {
            '\\' => out.push_str("\\\\"),
            '"' => out.push_str("\\\""),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            _ => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn html_escapes_markup_characters() {
        assert_eq!(
            html(r#"<b>"A&B"</b> 'x'"#),
            "&lt;b&gt;&quot;A&amp;B&quot;&lt;/b&gt; &#39;x&#39;"
        );
        assert_eq!(html("Modint, VGT – «code»"), "Modint, VGT – «code»");
    }

    #[test]
    fn markdown_escapes_inline_markers() {
        assert_eq!(markdown("*A* _b_ `c`"), r"\*A\* \_b\_ \`c\`");
        assert_eq!(
            markdown("[link](x) <tag> a|b ~x~"),
            r"\[link\](x) \<tag\> a\|b \~x\~"
        );
        assert_eq!(markdown(r"back\slash"), r"back\\slash");
        assert_eq!(markdown("AT&T &amp; &#169;"), r"AT&T \&amp; \&#169;");
        assert_eq!(markdown("a\nb"), "a b");
    }

    #[test]
    fn markdown_escapes_block_markers_at_the_start_only() {
        assert_eq!(markdown("# not a heading"), r"\# not a heading");
        assert_eq!(markdown("- not a list"), r"\- not a list");
        assert_eq!(markdown("+ x"), r"\+ x");
        assert_eq!(markdown("2015. Het jaar"), r"2015\. Het jaar");
        assert_eq!(markdown("3) drie"), r"3\) drie");
        assert_eq!(
            markdown("IMVO-convenant nr. 1 # 2"),
            "IMVO-convenant nr. 1 # 2"
        );
        assert_eq!(markdown("2015 was"), "2015 was");
    }

    #[test]
    fn typst_escapes_everything_with_meaning() {
        assert_eq!(typst_markup("#let x = 1"), r"\#let x \= 1");
        assert_eq!(typst_markup("$x$ *b* _i_"), r"\$x\$ \*b\* \_i\_");
        assert_eq!(typst_markup("// c"), r"\/\/ c");
        assert_eq!(typst_markup("<l> @r"), r"\<l\> \@r");
        assert_eq!(typst_markup("https://x.nl"), r"https\:\/\/x\.nl");
        assert_eq!(typst_markup("a\\b"), r"a\\b");
        assert_eq!(typst_markup("[c]"), r"\[c\]");
        assert_eq!(typst_markup("ë – «»’"), "ë – «»’");
    }

    #[test]
    fn typst_string_literal() {
        assert_eq!(typst_string(r#"a "b" \c"#), r#"a \"b\" \\c"#);
        assert_eq!(typst_string("x\ny"), r"x\ny");
    }
}
