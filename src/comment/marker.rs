//! The hidden marker that identifies Terrace's comments:
//! `<!-- terrace-cost-comment tag=default valid-at=2026-05-01T12:00:00Z -->`.
//!
//! The tag separates several comment streams on one pull request (one per environment,
//! say); valid-at is the time the cost data is valid for, so that a slow run of an older
//! commit never overwrites the comment of a newer one.

use chrono::{DateTime, SecondsFormat, Utc};

const OPEN: &str = "<!-- terrace-cost-comment";
const CLOSE: &str = "-->";

/// The tag used when none is given.
pub const DEFAULT_TAG: &str = "default";

#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Marker {
    pub tag: String,
    pub valid_at: Option<DateTime<Utc>>,
}

impl Marker {
    pub fn new(tag: impl Into<String>, valid_at: Option<DateTime<Utc>>) -> Marker {
        Marker { tag: tag.into(), valid_at }
    }

    /// The marker as an HTML comment, on a line of its own.
    pub fn render(&self) -> String {
        match self.valid_at {
            Some(t) => format!("{OPEN} tag={} valid-at={} {CLOSE}", self.tag, t.to_rfc3339_opts(SecondsFormat::Secs, true)),
            None => format!("{OPEN} tag={} {CLOSE}", self.tag),
        }
    }

    /// The marker in a comment body, if it has one. A marker without a tag has the
    /// default tag; an unreadable valid-at reads as none.
    pub fn find(body: &str) -> Option<Marker> {
        let start = body.find(OPEN)?;
        let rest = &body[start + OPEN.len()..];
        let end = rest.find(CLOSE)?;
        let inner = &rest[..end];
        // `<!-- terrace-cost-commentary -->` is not ours.
        if !inner.is_empty() && !inner.starts_with(char::is_whitespace) {
            return None;
        }
        let mut m = Marker::new(DEFAULT_TAG, None);
        for field in inner.split_whitespace() {
            match field.split_once('=') {
                Some(("tag", v)) => m.tag = v.to_string(),
                Some(("valid-at", v)) => m.valid_at = DateTime::parse_from_rfc3339(v).ok().map(|t| t.with_timezone(&Utc)),
                _ => {}
            }
        }
        Some(m)
    }

    /// The body with the marker removed, line endings normalised and surrounding
    /// whitespace trimmed: two bodies equal under this say the same thing.
    pub fn strip(body: &str) -> String {
        let body = body.replace("\r\n", "\n");
        let out = match body.find(OPEN) {
            Some(start) => match body[start..].find(CLOSE) {
                Some(end) => format!("{}{}", &body[..start], &body[start + end + CLOSE.len()..]),
                None => body.clone(),
            },
            None => body.clone(),
        };
        out.trim().to_string()
    }
}

/// Checks a tag given by the user: it goes inside an HTML comment and is matched
/// exactly, so only letters, digits and `._-/` are allowed.
pub fn check_tag(tag: &str) -> Result<(), String> {
    let ok = !tag.is_empty() && tag.len() <= 100 && tag.chars().all(|c| c.is_ascii_alphanumeric() || "._-/".contains(c));
    if ok {
        Ok(())
    } else {
        Err(format!(
            "the tag `{tag}` cannot be used: a tag is 1 to 100 characters of letters, digits, `.`, `_`, `-` and `/` (it is written into a hidden HTML comment)"
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        let t = DateTime::parse_from_rfc3339("2026-05-01T12:00:00+02:00").map(|t| t.with_timezone(&Utc)).ok();
        let m = Marker::new("prod", t);
        let s = m.render();
        assert_eq!(s, "<!-- terrace-cost-comment tag=prod valid-at=2026-05-01T10:00:00Z -->");
        assert_eq!(Marker::find(&format!("{s}\n## Cost\n")), Some(m));
        assert_eq!(Marker::find("<!-- terrace-cost-comment -->"), Some(Marker::new("default", None)));
        assert_eq!(Marker::find("<!-- terrace-cost-commentary -->"), None);
        assert_eq!(Marker::find("no marker"), None);
    }

    #[test]
    fn strip_ignores_the_marker_and_line_endings() {
        let a = "<!-- terrace-cost-comment tag=a valid-at=2026-05-01T10:00:00Z -->\r\nbody\r\n";
        let b = "<!-- terrace-cost-comment tag=a valid-at=2026-06-01T10:00:00Z -->\nbody";
        assert_eq!(Marker::strip(a), Marker::strip(b));
        assert_eq!(Marker::strip(a), "body");
    }

    #[test]
    fn tags_are_checked() {
        assert!(check_tag("prod/eu-1").is_ok());
        assert!(check_tag("a b").is_err());
        assert!(check_tag("x-->").is_err());
        assert!(check_tag("").is_err());
    }
}
