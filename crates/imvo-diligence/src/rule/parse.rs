//! The parser of one condition: `term op value`, whitespace anywhere between tokens. Small and
//! hand-written: the grammar has six terms and six operators, and its errors must say where in
//! the expression the problem is.

use imvo_domain::Id;

use super::{Condition, Names, Op, Term, Value};
use crate::error::RuleError;

struct Cursor<'a> {
    text: &'a str,
    chars: Vec<(usize, char)>,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn new(text: &'a str) -> Self {
        Cursor {
            text,
            chars: text.char_indices().collect(),
            pos: 0,
        }
    }

    fn fail(&self, at: usize, problem: impl Into<String>) -> RuleError {
        RuleError {
            expression: self.text.to_owned(),
            at,
            problem: problem.into(),
        }
    }

    fn skip_space(&mut self) {
        while self.peek().is_some_and(char::is_whitespace) {
            self.pos += 1;
        }
    }

    fn peek(&self) -> Option<char> {
        self.chars.get(self.pos).map(|&(_, c)| c)
    }

    fn eat(&mut self, c: char) -> bool {
        if self.peek() == Some(c) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// A word of id characters (letters, digits, `-`, `_`, `.`), possibly empty.
    fn word(&mut self) -> (usize, String) {
        self.skip_space();
        let start = self.pos;
        let mut s = String::new();
        while let Some(c) = self.peek() {
            if c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.' | '+') {
                s.push(c);
                self.pos += 1;
            } else {
                break;
            }
        }
        (start, s)
    }

    fn op(&mut self) -> Result<Op, RuleError> {
        self.skip_space();
        let at = self.pos;
        let two: String = self.chars[self.pos..]
            .iter()
            .take(2)
            .map(|&(_, c)| c)
            .collect();
        let (op, len) = match two.as_str() {
            ">=" => (Op::Ge, 2),
            "<=" => (Op::Le, 2),
            "==" => (Op::Eq, 2),
            "!=" => (Op::Ne, 2),
            _ if two.starts_with('>') => (Op::Gt, 1),
            _ if two.starts_with('<') => (Op::Lt, 1),
            _ => return Err(self.fail(at, "expected one of >=, >, <=, <, ==, !=")),
        };
        self.pos += len;
        Ok(op)
    }
}

fn id(c: &Cursor<'_>, at: usize, s: &str) -> Result<Id, RuleError> {
    Id::new(s).map_err(|e| c.fail(at, e.to_string()))
}

/// Parses one condition, checking that every name in it is one the framework declares.
pub(crate) fn parse(text: &str, names: &Names) -> Result<Condition, RuleError> {
    let mut c = Cursor::new(text);
    let (at, word) = c.word();
    let term = match word.as_str() {
        "total" => Term::Total,
        "min_element" => Term::MinElement,
        "max_element" => Term::MaxElement,
        "previous" => Term::Previous,
        "grades" => {
            c.skip_space();
            if !c.eat('(') {
                return Err(c.fail(c.pos, "expected ( after grades"));
            }
            let mut grades = Vec::new();
            loop {
                let (gat, g) = c.word();
                if !names.grades.contains(&g) {
                    return Err(c.fail(gat, format!("unknown grade {g:?}")));
                }
                grades.push(g);
                c.skip_space();
                if c.eat(')') {
                    break;
                }
                if !c.eat(',') {
                    return Err(c.fail(c.pos, "expected , or ) in the list of grades"));
                }
            }
            Term::Grades(grades)
        }
        w if w.starts_with("element.") => {
            let e = id(&c, at + 8, &w[8..])?;
            if !names.elements.contains(&e) {
                return Err(c.fail(at + 8, format!("unknown element {e}")));
            }
            Term::Element(e)
        }
        w if w.starts_with("input.") => {
            let i = id(&c, at + 6, &w[6..])?;
            if !names.inputs.contains(&i) {
                return Err(c.fail(at + 6, format!("unknown input {i}")));
            }
            Term::Input(i)
        }
        "" => return Err(c.fail(at, "expected a term: total, element.<id>, min_element, max_element, grades(…), input.<id> or previous")),
        w => return Err(c.fail(at, format!("unknown term {w:?}"))),
    };
    let op = c.op()?;
    let (vat, v) = c.word();
    let value = if term == Term::Previous {
        if !matches!(op, Op::Eq | Op::Ne) {
            return Err(c.fail(vat, "previous is compared with == or != only"));
        }
        if v == "none" {
            Value::Verdict(None)
        } else {
            let verdict = id(&c, vat, &v)?;
            if !names.verdicts.contains(&verdict) {
                return Err(c.fail(vat, format!("unknown verdict {verdict}")));
            }
            Value::Verdict(Some(verdict))
        }
    } else {
        match v.parse::<f64>() {
            Ok(n) if n.is_finite() => Value::Number(n),
            _ => return Err(c.fail(vat, format!("expected a number, found {v:?}"))),
        }
    };
    c.skip_space();
    if c.pos < c.chars.len() {
        return Err(c.fail(c.pos, "unexpected text after the condition"));
    }
    Ok(Condition {
        term,
        op,
        value,
        text: text.trim().to_owned(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names() -> Names {
        Names {
            elements: [Id::new("policy").unwrap()].into(),
            inputs: [Id::new("monitored-share").unwrap()].into(),
            grades: ["A".to_owned(), "C".to_owned()].into(),
            verdicts: [Id::new("needs-improvement").unwrap()].into(),
        }
    }

    #[test]
    fn parses_every_term() {
        let n = names();
        for ok in [
            "total >= 0.75",
            "element.policy>0.5",
            "min_element <= 1",
            "max_element < 1",
            "grades(A) >= 7",
            "grades( A , C ) == 0",
            "input.monitored-share >= 0.9",
            "previous == needs-improvement",
            "previous != none",
            "total >= -0.5",
        ] {
            parse(ok, &n).unwrap_or_else(|e| panic!("{ok}: {e}"));
        }
    }

    #[test]
    fn refuses_with_the_place() {
        let n = names();
        for (bad, at) in [
            ("totl >= 1", 0),
            ("element.nope >= 1", 8),
            ("grades(B) >= 1", 7),
            ("total => 1", 6),
            ("total >= x", 9),
            ("total >= 1 and", 11),
            ("previous >= none", 12),
            ("previous == leader", 12),
            ("input.x >= 1", 6),
            ("", 0),
        ] {
            let e = parse(bad, &n).expect_err(bad);
            assert_eq!(e.at, at, "{bad}: {e}");
        }
    }
}
