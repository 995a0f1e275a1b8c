//! Waiting for eventual consistency: poll with short first intervals (100 ms, doubling
//! to 5 s), until the object reaches the wanted state or the timeout (from a resource's
//! `timeouts {}` block, else its default) passes.

use std::future::Future;
use std::time::{Duration, Instant};

use terrace_provider::{Diag, Diags};

/// What one poll found.
pub enum Poll<T> {
    Ready(T),
    /// Not yet; the string says the current state, for the timeout message.
    Pending(String),
}

/// Polls `f` until it is ready. `what` names the wait for the timeout error
/// ("instance i-123 to be running").
pub async fn until<T, F, Fut>(what: &str, timeout: Duration, mut f: F) -> Result<T, Diags>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<Poll<T>, Diags>>,
{
    let start = Instant::now();
    let mut delay = Duration::from_millis(100);
    loop {
        let last = match f().await? {
            Poll::Ready(t) => return Ok(t),
            Poll::Pending(state) => state,
        };
        if start.elapsed() >= timeout {
            return Err(vec![Diag::error(
                format!("Timed out waiting for {what}"),
                format!("Still {last} after {}s. Raise the wait in the resource's `timeouts {{}}` block if the object is slow to settle, or check it in the AWS console.", timeout.as_secs()),
            )]);
        }
        tokio::time::sleep(delay.min(timeout.saturating_sub(start.elapsed()))).await;
        delay = (delay * 2).min(Duration::from_secs(5));
    }
}

/// A `timeouts {}` value such as `"10m"`, `"30s"`, `"1h30m"`.
pub fn parse_timeout(s: &str) -> Option<Duration> {
    let mut total = 0u64;
    let mut num = String::new();
    for c in s.chars() {
        if c.is_ascii_digit() {
            num.push(c);
            continue;
        }
        let n: u64 = num.parse().ok()?;
        num.clear();
        total += match c {
            'h' => n * 3600,
            'm' => n * 60,
            's' => n,
            _ => return None,
        };
    }
    if !num.is_empty() {
        return None;
    }
    Some(Duration::from_secs(total))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn timeouts_parse() {
        assert_eq!(parse_timeout("10m"), Some(Duration::from_secs(600)));
        assert_eq!(parse_timeout("1h30m"), Some(Duration::from_secs(5400)));
        assert_eq!(parse_timeout("10"), None);
    }

    #[tokio::test]
    async fn waits_then_times_out() {
        let mut n = 0;
        let r = until("thing", Duration::from_secs(5), || {
            n += 1;
            let k = n;
            async move { Ok(if k >= 3 { Poll::Ready(k) } else { Poll::Pending("pending".into()) }) }
        })
        .await;
        assert_eq!(r.ok(), Some(3));
        let r: Result<(), _> = until("thing", Duration::from_millis(250), || async { Ok(Poll::Pending("pending".into())) }).await;
        assert!(r.unwrap_err()[0].summary.contains("Timed out waiting for thing"));
    }
}
