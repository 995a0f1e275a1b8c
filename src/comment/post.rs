//! Posting a comment: what to do given the comments already there (pure, in [`decide`]),
//! then doing it through a [`Platform`].
//!
//! Behaviours, as infracost names them:
//! - `update` (default): edit Terrace's latest comment in place, or create one.
//! - `new`: create a comment on every run.
//! - `delete-and-new`: create a comment, then delete the earlier ones.
//! - `hide-and-new`: create a comment, then minimize the earlier ones (GitHub only).
//!
//! Only comments whose marker has the same tag count as Terrace's. Nothing is written
//! when Terrace's latest comment already says the same (except with `new`), nor when any
//! of Terrace's comments was written for cost data newer than this run's (its marker's
//! valid-at is later), so that a slow run of an older commit never wins.

use std::fmt;

use super::http::HttpError;
use super::marker::Marker;

/// A comment already on the pull request, merge request or commit.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ExistingComment {
    pub id: u64,
    pub body: String,
    /// GitHub's GraphQL node id, for minimizing.
    pub node_id: Option<String>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, clap::ValueEnum)]
pub enum Behavior {
    #[default]
    Update,
    New,
    DeleteAndNew,
    HideAndNew,
}

#[derive(Debug, thiserror::Error)]
pub enum PostError {
    #[error(transparent)]
    Http(#[from] HttpError),
    #[error("{0}")]
    Api(String),
}

/// A write to make.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Action {
    Create,
    Update(u64),
    Delete(u64),
    Hide(u64),
}

impl fmt::Display for Action {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Action::Create => write!(f, "create a new comment"),
            Action::Update(id) => write!(f, "update comment {id}"),
            Action::Delete(id) => write!(f, "delete comment {id}"),
            Action::Hide(id) => write!(f, "hide comment {id}"),
        }
    }
}

/// What to do: the writes, or why there are none.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Decision {
    Write(Vec<Action>),
    Skip(String),
}

/// An API that holds comments.
pub trait Platform {
    /// "pull request octo/app#12", for messages.
    fn target(&self) -> String;
    /// Every comment, oldest first.
    fn list(&self) -> Result<Vec<ExistingComment>, PostError>;
    /// Creates a comment and returns its web address when the API gives one.
    fn create(&self, body: &str) -> Result<Option<String>, PostError>;
    fn update(&self, c: &ExistingComment, body: &str) -> Result<(), PostError>;
    fn delete(&self, c: &ExistingComment) -> Result<(), PostError>;
    /// Minimizes (collapses) a comment; an error where the platform cannot.
    fn hide(&self, c: &ExistingComment) -> Result<(), PostError>;
}

/// Decides what to write, given the comments there (oldest first), this run's marker,
/// the new body and the behaviour.
pub fn decide(existing: &[ExistingComment], marker: &Marker, body: &str, behavior: Behavior) -> Decision {
    let ours: Vec<(&ExistingComment, Marker)> =
        existing.iter().filter_map(|c| Marker::find(&c.body).filter(|m| m.tag == marker.tag).map(|m| (c, m))).collect();
    if let Some(now) = marker.valid_at {
        if let Some((c, m)) = ours.iter().filter(|(_, m)| m.valid_at.is_some_and(|t| t > now)).max_by_key(|(_, m)| m.valid_at) {
            let then = m.valid_at.map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)).unwrap_or_default();
            return Decision::Skip(format!(
                "comment {} was written for newer cost data (valid at {then}, this run's is {}); it is left as it is",
                c.id,
                now.to_rfc3339_opts(chrono::SecondsFormat::Secs, true)
            ));
        }
    }
    let latest = ours.last().map(|(c, _)| *c);
    let unchanged = latest.is_some_and(|c| Marker::strip(&c.body) == Marker::strip(body));
    if unchanged && behavior != Behavior::New {
        let id = latest.map(|c| c.id).unwrap_or_default();
        return Decision::Skip(format!("comment {id} already shows this estimate; nothing to change"));
    }
    let mut actions = Vec::new();
    match behavior {
        Behavior::Update => match latest {
            Some(c) => actions.push(Action::Update(c.id)),
            None => actions.push(Action::Create),
        },
        Behavior::New => actions.push(Action::Create),
        Behavior::DeleteAndNew => {
            actions.push(Action::Create);
            actions.extend(ours.iter().map(|(c, _)| Action::Delete(c.id)));
        }
        Behavior::HideAndNew => {
            actions.push(Action::Create);
            actions.extend(ours.iter().map(|(c, _)| Action::Hide(c.id)));
        }
    }
    Decision::Write(actions)
}

/// What posting did, in sentences for the user.
#[derive(Debug, Clone, Default)]
pub struct Outcome {
    pub lines: Vec<String>,
}

/// Lists the comments, decides, and (unless `dry_run`) writes.
pub fn post(platform: &dyn Platform, marker: &Marker, body: &str, behavior: Behavior, dry_run: bool) -> Result<Outcome, PostError> {
    let existing = platform.list()?;
    let target = platform.target();
    let mut out = Outcome::default();
    let actions = match decide(&existing, marker, body, behavior) {
        Decision::Skip(why) => {
            out.lines.push(format!("Not posting to {target}: {why}."));
            return Ok(out);
        }
        Decision::Write(a) => a,
    };
    if dry_run {
        for a in &actions {
            out.lines.push(format!("Dry run: would {a} on {target}."));
        }
        return Ok(out);
    }
    let by_id = |id: u64| existing.iter().find(|c| c.id == id).ok_or_else(|| PostError::Api(format!("comment {id} disappeared")));
    for a in &actions {
        match a {
            Action::Create => {
                let url = platform.create(body)?;
                out.lines.push(match url {
                    Some(u) => format!("Created a cost comment on {target}: {u}"),
                    None => format!("Created a cost comment on {target}."),
                });
            }
            Action::Update(id) => {
                platform.update(by_id(*id)?, body)?;
                out.lines.push(format!("Updated cost comment {id} on {target}."));
            }
            Action::Delete(id) => {
                platform.delete(by_id(*id)?)?;
                out.lines.push(format!("Deleted earlier cost comment {id} on {target}."));
            }
            Action::Hide(id) => {
                platform.hide(by_id(*id)?)?;
                out.lines.push(format!("Hid earlier cost comment {id} on {target}."));
            }
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{DateTime, Utc};

    fn at(s: &str) -> Option<DateTime<Utc>> {
        DateTime::parse_from_rfc3339(s).ok().map(|t| t.with_timezone(&Utc))
    }

    fn comment(id: u64, tag: &str, valid: &str, text: &str) -> ExistingComment {
        ExistingComment { id, body: format!("{}\n{text}", Marker::new(tag, at(valid)).render()), node_id: None }
    }

    #[test]
    fn update_edits_the_latest_or_creates() {
        let m = Marker::new("default", at("2026-05-02T00:00:00Z"));
        let other = ExistingComment { id: 1, body: "LGTM".into(), node_id: None };
        assert_eq!(decide(std::slice::from_ref(&other), &m, "new", Behavior::Update), Decision::Write(vec![Action::Create]));
        let list = [other, comment(2, "default", "2026-05-01T00:00:00Z", "old"), comment(3, "default", "2026-05-01T00:00:00Z", "older")];
        assert_eq!(decide(&list, &m, "new", Behavior::Update), Decision::Write(vec![Action::Update(3)]));
        assert_eq!(decide(&list, &m, "new", Behavior::DeleteAndNew), Decision::Write(vec![Action::Create, Action::Delete(2), Action::Delete(3)]));
        assert_eq!(decide(&list, &m, "new", Behavior::HideAndNew), Decision::Write(vec![Action::Create, Action::Hide(2), Action::Hide(3)]));
    }

    #[test]
    fn unchanged_bodies_are_skipped_except_with_new() {
        let m = Marker::new("default", at("2026-05-02T00:00:00Z"));
        let list = [comment(2, "default", "2026-05-01T00:00:00Z", "same")];
        let body = format!("{}\nsame", m.render());
        assert!(matches!(decide(&list, &m, &body, Behavior::Update), Decision::Skip(_)));
        assert_eq!(decide(&list, &m, &body, Behavior::New), Decision::Write(vec![Action::Create]));
    }

    #[test]
    fn newer_comments_are_never_overwritten() {
        let m = Marker::new("default", at("2026-05-01T00:00:00Z"));
        let list = [comment(2, "default", "2026-05-03T00:00:00Z", "newer")];
        for b in [Behavior::Update, Behavior::New, Behavior::DeleteAndNew, Behavior::HideAndNew] {
            let Decision::Skip(why) = decide(&list, &m, "x", b) else { panic!("{b:?} must skip") };
            assert!(why.contains("newer cost data"), "{why}");
        }
    }

    #[test]
    fn other_tags_are_not_ours() {
        let m = Marker::new("prod", at("2026-05-01T00:00:00Z"));
        let list = [comment(2, "dev", "2026-05-03T00:00:00Z", "dev")];
        assert_eq!(decide(&list, &m, "x", Behavior::Update), Decision::Write(vec![Action::Create]));
    }
}
