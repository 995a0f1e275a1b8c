//! Cost comments on pull requests and merge requests, and the cost policies that can
//! fail a run.
//!
//! Compute, then render, then post: a cost [`Report`](terrace_pricing::json::Report) and
//! the [`policy`] results are plain data; [`render`] turns them into one markdown comment
//! (GitHub's and GitLab's flavours differ in their size limit only); [`post`] decides,
//! from the comments already on the pull request, whether to create, update, delete or
//! hide; [`github`] and [`gitlab`] speak the two APIs over [`http`].
//!
//! **Invariant:** a token never leaves the `Authorization`/`PRIVATE-TOKEN` header: not in
//! errors, logs or dry-run output ([`http::Secret`] prints as `***`, and every message that
//! carries text from a server is passed through [`http::Secret::redact`]).

pub mod config;
pub mod github;
pub mod gitlab;
pub mod http;
pub mod marker;
pub mod policy;
pub mod post;
pub mod render;

pub use config::{ConfigFile, ProjectEntry};
pub use marker::Marker;
pub use policy::{PolicyResult, Policies};
pub use render::{render_comment, CommentFormat, CommentOptions};
