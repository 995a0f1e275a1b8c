//! Typed addresses, shown in Terraform's syntax: `aws_instance.web[0]`,
//! `module.net.aws_subnet.a["x"]`, `data.aws_ami.ubuntu`.

use std::fmt;

use crate::config::Mode;

/// The key of one instance of a counted or for_each resource or module.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum InstanceKey {
    None,
    Int(i64),
    Str(String),
}

impl fmt::Display for InstanceKey {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            InstanceKey::None => Ok(()),
            InstanceKey::Int(i) => write!(f, "[{i}]"),
            InstanceKey::Str(s) => write!(f, "[{}]", quote(s)),
        }
    }
}

fn quote(s: &str) -> String {
    serde_json::to_string(s).unwrap_or_else(|_| format!("\"{s}\""))
}

/// A path of module instances from the root: `module.a[0].module.b`.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct ModuleInstance(pub Vec<(String, InstanceKey)>);

impl ModuleInstance {
    pub fn root() -> ModuleInstance {
        ModuleInstance(Vec::new())
    }
    pub fn is_root(&self) -> bool {
        self.0.is_empty()
    }
    pub fn child(&self, name: &str, key: InstanceKey) -> ModuleInstance {
        let mut v = self.0.clone();
        v.push((name.to_string(), key));
        ModuleInstance(v)
    }
    /// The static module path (`net.subnets`) used to find the module's configuration.
    pub fn static_path(&self) -> String {
        self.0.iter().map(|(n, _)| n.as_str()).collect::<Vec<_>>().join(".")
    }
    /// Whether `self` is `other` or inside it.
    pub fn within(&self, other: &ModuleInstance) -> bool {
        self.0.len() >= other.0.len() && self.0[..other.0.len()] == other.0[..]
    }
}

impl fmt::Display for ModuleInstance {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for (i, (n, k)) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(".")?;
            }
            write!(f, "module.{n}{k}")?;
        }
        Ok(())
    }
}

/// A resource (all its instances) in a module instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ResourceAddr {
    pub module: ModuleInstance,
    pub mode: Mode,
    pub type_name: String,
    pub name: String,
}

impl ResourceAddr {
    pub fn instance(&self, key: InstanceKey) -> InstanceAddr {
        InstanceAddr { resource: self.clone(), key }
    }
    /// The address without the module part: `null_resource.a`.
    pub fn local(&self) -> String {
        match self.mode {
            Mode::Managed => format!("{}.{}", self.type_name, self.name),
            Mode::Data => format!("data.{}.{}", self.type_name, self.name),
        }
    }
}

impl fmt::Display for ResourceAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if !self.module.is_root() {
            write!(f, "{}.", self.module)?;
        }
        f.write_str(&self.local())
    }
}

/// One resource instance.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct InstanceAddr {
    pub resource: ResourceAddr,
    pub key: InstanceKey,
}

impl fmt::Display for InstanceAddr {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}{}", self.resource, self.key)
    }
}

/// What `-target` and `-replace` name: a module instance, a resource, or one
/// resource instance.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Target {
    Module(ModuleInstance),
    Resource(ResourceAddr),
    Instance(InstanceAddr),
}

impl Target {
    /// Whether the instance `a` is selected by this target.
    pub fn selects(&self, a: &InstanceAddr) -> bool {
        match self {
            Target::Module(m) => a.resource.module.within(m),
            Target::Resource(r) => a.resource == *r,
            Target::Instance(i) => a == i,
        }
    }
    /// Whether any instance of resource `r` may be selected.
    pub fn may_select(&self, r: &ResourceAddr) -> bool {
        match self {
            Target::Module(m) => r.module.within(m),
            Target::Resource(x) => x == r,
            Target::Instance(i) => i.resource == *r,
        }
    }
}

impl fmt::Display for Target {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Target::Module(m) => write!(f, "{m}"),
            Target::Resource(r) => write!(f, "{r}"),
            Target::Instance(i) => write!(f, "{i}"),
        }
    }
}

/// Parses an address as written on the command line or in state:
/// `module.a[0].null_resource.b["k"]`.
pub fn parse_target(s: &str) -> Result<Target, String> {
    let mut p = Parser { s: s.trim(), pos: 0 };
    let mut module = Vec::new();
    loop {
        if p.eat_word("module") {
            p.expect('.')?;
            let name = p.ident()?;
            let key = p.key()?;
            module.push((name, key));
            if p.done() {
                return Ok(Target::Module(ModuleInstance(module)));
            }
            p.expect('.')?;
            continue;
        }
        break;
    }
    let mut mode = Mode::Managed;
    let first = p.ident()?;
    let type_name = if first == "data" {
        mode = Mode::Data;
        p.expect('.')?;
        p.ident()?
    } else {
        first
    };
    p.expect('.')?;
    let name = p.ident()?;
    let r = ResourceAddr { module: ModuleInstance(module), mode, type_name, name };
    if p.done() {
        return Ok(Target::Resource(r));
    }
    let key = p.key()?;
    if !p.done() {
        return Err(format!("unexpected {:?} after the resource instance key", &p.s[p.pos..]));
    }
    Ok(Target::Instance(r.instance(key)))
}

struct Parser<'a> {
    s: &'a str,
    pos: usize,
}

impl<'a> Parser<'a> {
    fn done(&self) -> bool {
        self.pos >= self.s.len()
    }
    fn rest(&self) -> &'a str {
        &self.s[self.pos..]
    }
    fn eat_word(&mut self, w: &str) -> bool {
        let r = self.rest();
        if r.starts_with(w) && r[w.len()..].starts_with('.') {
            self.pos += w.len();
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: char) -> Result<(), String> {
        if self.rest().starts_with(c) {
            self.pos += c.len_utf8();
            Ok(())
        } else {
            Err(format!("expected {c:?} at {:?}", self.rest()))
        }
    }
    fn ident(&mut self) -> Result<String, String> {
        let r = self.rest();
        let n = r.find(|c: char| !(c.is_alphanumeric() || c == '_' || c == '-')).unwrap_or(r.len());
        if n == 0 {
            return Err(format!("expected a name at {r:?}"));
        }
        self.pos += n;
        Ok(r[..n].to_string())
    }
    fn key(&mut self) -> Result<InstanceKey, String> {
        if !self.rest().starts_with('[') {
            return Ok(InstanceKey::None);
        }
        self.pos += 1;
        let r = self.rest();
        if r.starts_with('"') {
            // A JSON-style quoted string.
            // The closing quote, skipping escaped characters.
            let mut end = None;
            let mut escaped = false;
            for (i, c) in r.char_indices().skip(1) {
                match c {
                    _ if escaped => escaped = false,
                    '\\' => escaped = true,
                    '"' => {
                        end = Some(i + 1);
                        break;
                    }
                    _ => {}
                }
            }
            let end = end.ok_or("unterminated string key")?;
            let k: String = serde_json::from_str(&r[..end]).map_err(|e| e.to_string())?;
            self.pos += end;
            self.expect(']')?;
            return Ok(InstanceKey::Str(k));
        }
        let n = r.find(']').ok_or("unterminated index")?;
        let i: i64 = r[..n].trim().parse().map_err(|_| format!("invalid index {:?}", &r[..n]))?;
        self.pos += n + 1;
        Ok(InstanceKey::Int(i))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trips() {
        for s in ["null_resource.a", "null_resource.a[0]", "module.m[1].null_resource.a[\"k\"]", "data.null_data_source.x", "module.a.module.b", "null_resource.a[\"c\\\"d]\"]"] {
            let t = parse_target(s).unwrap();
            assert_eq!(t.to_string(), s);
        }
        assert!(parse_target("null_resource").is_err());
    }
}
