//! Text cleaning shared by names, addresses and countries: transliteration to ASCII, lower case,
//! punctuation to spaces, numbers split from letters, light singular forms.
//!
//! The same factory is written "Nhà máy May Việt Tiến", "NHA MAY MAY VIET TIEN" and
//! "Nha may may Viet-Tien" by three buyers; after cleaning all three are the same tokens.

use deunicode::deunicode;

/// Transliterates to ASCII and lower-cases; keeps punctuation. Used where punctuation still
/// carries meaning (the row fingerprint keeps "12-14" apart from "1214").
pub fn fold(s: &str) -> String {
    deunicode(s).to_ascii_lowercase()
}

/// The cleaned tokens of a text: ASCII letters and digits, split at everything else and at
/// every change between letters and digits ("12B" is "12 b", "Plot-12" is "plot 12").
/// Apostrophes join ("O'Neil" is "oneil"); "&" is the word "and". An ordinal suffix written
/// onto its number goes ("3rd Floor" and "Floor 3" agree), and so do leading zeros ("05" is "5").
/// A code of one letter and a number ("D8", "F-10") stays one token, a number ("d8", "f10"):
/// plots F10 and H10 are two places, while "R. 25" (Rua 25) is a word and a number.
pub fn tokens(s: &str) -> Vec<String> {
    let folded = fold(s).replace(['\'', '`'], "");
    let mut out = Vec::new();
    for word in folded.split(|c: char| !c.is_ascii_alphanumeric() && c != '&' && c != '-') {
        if let Some(code) = letter_code(word) {
            out.push(code);
            continue;
        }
        for part in word.split('-').flat_map(|w| w.split_inclusive('&')) {
            let (part, and) = match part.strip_suffix('&') {
                Some(p) => (p, true),
                None => (part, false),
            };
            split_runs(part, &mut out);
            if and {
                out.push("and".to_owned());
            }
        }
    }
    out
}

/// "d8", "f10", "b-12": one letter, an optional hyphen, digits; as "d8", "f10", "b12".
fn letter_code(word: &str) -> Option<String> {
    let letter = *word.as_bytes().first()?;
    if !letter.is_ascii_lowercase() {
        return None;
    }
    let rest = &word[1..];
    let digits = rest.strip_prefix('-').unwrap_or(rest);
    if digits.is_empty() || !digits.bytes().all(|c| c.is_ascii_digit()) {
        return None;
    }
    let trimmed = digits.trim_start_matches('0');
    Some(format!(
        "{}{}",
        letter as char,
        if trimmed.is_empty() { "0" } else { trimmed }
    ))
}

/// Splits one word into runs of digits and of letters, appending them to `out`.
fn split_runs(word: &str, out: &mut Vec<String>) {
    let bytes = word.as_bytes();
    let mut start = 0;
    while start < bytes.len() {
        let digits = bytes[start].is_ascii_digit();
        let end = bytes[start..]
            .iter()
            .position(|b| b.is_ascii_digit() != digits)
            .map_or(bytes.len(), |p| start + p);
        let run = &word[start..end];
        if digits {
            let trimmed = run.trim_start_matches('0');
            out.push(if trimmed.is_empty() { "0" } else { trimmed }.to_owned());
        } else {
            let ordinal = matches!(run, "st" | "nd" | "rd" | "th");
            let after_number = start > 0;
            if !(ordinal && after_number && end == bytes.len()) {
                out.push(run.to_owned());
            }
        }
        start = end;
    }
}

/// Whether a cleaned token is a number: all digits, or a letter code ("d8").
pub fn is_number(token: &str) -> bool {
    let b = token.as_bytes();
    b.last().is_some_and(u8::is_ascii_digit)
}

/// A light singular: "garments" is "garment", "industries" is "industry". Applied to both sides
/// of every comparison, so a wrong singular ("lotus" to "lotu") costs nothing.
pub fn singular(token: &str) -> String {
    let n = token.len();
    if n > 4 && token.ends_with("ies") {
        format!("{}y", &token[..n - 3])
    } else if n > 3 && token.ends_with('s') && !token.ends_with("ss") && !token.ends_with("us") {
        token[..n - 1].to_owned()
    } else {
        token.to_owned()
    }
}

/// The cleaned text with all separators removed: used for country names ("Viet Nam" is
/// "vietnam") and header names ("Number_of workers" is "numberofworkers").
pub fn squash(s: &str) -> String {
    fold(s)
        .chars()
        .filter(char::is_ascii_alphanumeric)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn transliterates_and_splits() {
        assert_eq!(
            tokens("Nhà máy May Việt-Tiến"),
            ["nha", "may", "may", "viet", "tien"]
        );
        assert_eq!(
            tokens("Çalışkan Tekstil A.Ş."),
            ["caliskan", "tekstil", "a", "s"]
        );
        assert_eq!(
            tokens("Plot-12B, 3rd Floor"),
            ["plot", "12", "b", "3", "floor"]
        );
        assert_eq!(tokens("O'Neil & Sons"), ["oneil", "and", "sons"]);
        assert_eq!(tokens("No. 007"), ["no", "7"]);
        assert_eq!(tokens("Road 12 St. John"), ["road", "12", "st", "john"]);
        assert_eq!(tokens("A&B"), ["a", "and", "b"]);
        assert_eq!(
            tokens("Lot D8, Plot F-10, R. 25, 7A"),
            ["lot", "d8", "plot", "f10", "r", "25", "7", "a"]
        );
        assert_eq!(tokens("  "), Vec::<String>::new());
    }

    #[test]
    fn singular_forms() {
        assert_eq!(singular("garments"), "garment");
        assert_eq!(singular("industries"), "industry");
        assert_eq!(singular("process"), "process");
        assert_eq!(singular("bus"), "bus");
        assert_eq!(singular("lotus"), "lotus");
    }

    #[test]
    fn squashes() {
        assert_eq!(squash("Viet Nam"), "vietnam");
        assert_eq!(squash("Türkiye"), "turkiye");
        assert_eq!(squash(" Number_of workers "), "numberofworkers");
    }
}
