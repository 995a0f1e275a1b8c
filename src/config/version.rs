//! Version constraints (`>= 0.15.0, < 2.0.0`, `~> 1.0`), as Terraform's
//! `required_version` and provider `version` arguments use them.

/// Whether `version` satisfies every constraint in the comma-separated `constraints`.
/// Returns an error message when the constraint string is malformed.
pub fn satisfies(version: &str, constraints: &str) -> Result<bool, String> {
    let v = parse(version).ok_or_else(|| format!("invalid version {version:?}"))?;
    for c in constraints.split(',') {
        let c = c.trim();
        if c.is_empty() {
            continue;
        }
        let (op, rest) = ["~>", ">=", "<=", "!=", ">", "<", "="]
            .iter()
            .find_map(|op| c.strip_prefix(op).map(|r| (*op, r.trim())))
            .unwrap_or(("=", c));
        let want = parse(rest).ok_or_else(|| format!("invalid version constraint {c:?}"))?;
        let parts = rest.split('.').count();
        let ok = match op {
            "=" => v == want,
            "!=" => v != want,
            ">" => v > want,
            ">=" => v >= want,
            "<" => v < want,
            "<=" => v <= want,
            _ => {
                // ~> 1.2 allows >= 1.2, < 2.0; ~> 1.2.3 allows >= 1.2.3, < 1.3.0.
                let upper = if parts <= 2 { (want.0 + 1, 0, 0) } else { (want.0, want.1 + 1, 0) };
                v >= want && v < upper
            }
        };
        if !ok {
            return Ok(false);
        }
    }
    Ok(true)
}

fn parse(s: &str) -> Option<(u64, u64, u64)> {
    let s = s.trim().trim_start_matches('v');
    let s = s.split(['-', '+']).next()?;
    let mut it = s.split('.');
    let a = it.next()?.parse().ok()?;
    let b = it.next().map(|x| x.parse()).transpose().ok()?.unwrap_or(0);
    let c = it.next().map(|x| x.parse()).transpose().ok()?.unwrap_or(0);
    Some((a, b, c))
}

#[cfg(test)]
mod tests {
    use super::satisfies;

    #[test]
    fn ranges_and_pessimistic() {
        assert_eq!(satisfies("1.0.3", ">= 0.15.0, < 2.0.0"), Ok(true));
        assert_eq!(satisfies("1.0.3", "< 0.13.0"), Ok(false));
        assert_eq!(satisfies("1.0.3", "~> 1.0"), Ok(true));
        assert_eq!(satisfies("1.0.3", "~> 1.1.0"), Ok(false));
        assert_eq!(satisfies("1.0.3", "1.0.3"), Ok(true));
        assert!(satisfies("1.0.3", ">= banana").is_err());
    }
}
