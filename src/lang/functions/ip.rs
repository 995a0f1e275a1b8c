//! IP network functions: `cidrhost`, `cidrnetmask`, `cidrsubnet` and `cidrsubnets`
//! (IPv4 and IPv6; `cidrnetmask` formats IPv6 masks too, as Terraform 1.0.3 does).
//!
//! Addresses are modelled as Go's `net.IP` byte slices (4 or 16 bytes) so that
//! parsing (`net.ParseCIDR`, which accepts leading zeros), formatting (`IP.String`,
//! `IPNet.String`) and the arithmetic of `github.com/apparentlymart/go-cidr` behave as
//! in Terraform 1.0.3, quirks included (IPv4-mapped IPv6 prefixes, negative numbers
//! folded through Go's `big.Int` operations).

use num_bigint::{BigInt, Sign};
use num_traits::{One, Signed, Zero};
use terrace_provider::{Type, Value};

use super::{FuncError, Function, Host, Param, Registry};

pub fn register(r: &mut Registry) {
    r.add(
        Function::new("cidrhost", cidrhost)
            .param(Param::new("prefix", Type::String))
            .param(Param::new("hostnum", Type::Number))
            .returns(Type::String),
    );
    r.add(Function::new("cidrnetmask", cidrnetmask).param(Param::new("prefix", Type::String)).returns(Type::String));
    r.add(
        Function::new("cidrsubnet", cidrsubnet)
            .param(Param::new("prefix", Type::String))
            .param(Param::new("newbits", Type::Number))
            .param(Param::new("netnum", Type::Number))
            .returns(Type::String),
    );
    r.add(
        Function::new("cidrsubnets", cidrsubnets)
            .param(Param::new("prefix", Type::String))
            .variadic(Param::new("newbits", Type::Number))
            .returns(Type::list(Type::String)),
    );
}

fn arg_str(args: &[Value], i: usize) -> &str {
    args.get(i).and_then(Value::as_str).unwrap_or_default()
}

const WHOLE_NUMBER: &str = "value must be a whole number";
const GO_INT_RANGE: &str = "value must be a whole number, between -9223372036854775808 and 9223372036854775807";

/// An argument as Go's `*big.Int` (gocty rejects fractions).
fn big_arg(args: &[Value], i: usize) -> Result<BigInt, String> {
    let n = args.get(i).and_then(Value::as_number).ok_or(WHOLE_NUMBER)?;
    if !n.is_integer() {
        return Err(WHOLE_NUMBER.to_string());
    }
    n.to_bigint().ok_or_else(|| WHOLE_NUMBER.to_string())
}

/// An argument as a Go `int`.
fn int_arg(args: &[Value], i: usize) -> Result<i64, String> {
    args.get(i).and_then(Value::as_number).and_then(|n| n.to_i64()).ok_or_else(|| GO_INT_RANGE.to_string())
}

// ---- Go's net package -----------------------------------------------------------------

type Ip = Vec<u8>;

/// A network as `net.IPNet`: an address and a mask (each 4 or 16 bytes, or empty for
/// Go's nil).
#[derive(Clone, Debug)]
struct Net {
    ip: Ip,
    mask: Ip,
}

const V4_IN_V6_PREFIX: [u8; 12] = [0, 0, 0, 0, 0, 0, 0, 0, 0, 0, 0xff, 0xff];

/// Go's `dtoi`: decimal digits (at least one), capped.
fn dtoi(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    for b in s.bytes() {
        if !b.is_ascii_digit() {
            break;
        }
        n = n * 10 + (b - b'0') as u32;
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    if i == 0 {
        None
    } else {
        Some((n, i))
    }
}

/// Go's `xtoi`: hexadecimal digits (at least one), capped.
fn xtoi(s: &str) -> Option<(u32, usize)> {
    let mut n: u32 = 0;
    let mut i = 0;
    for c in s.chars() {
        let Some(d) = c.to_digit(16) else { break };
        n = n * 16 + d;
        if n >= 0xFF_FFFF {
            return None;
        }
        i += 1;
    }
    if i == 0 {
        None
    } else {
        Some((n, i))
    }
}

fn parse_ipv4(mut s: &str) -> Option<[u8; 4]> {
    let mut p = [0u8; 4];
    for (i, slot) in p.iter_mut().enumerate() {
        if s.is_empty() {
            return None;
        }
        if i > 0 {
            s = s.strip_prefix('.')?;
        }
        let (n, c) = dtoi(s)?;
        if n > 0xff {
            return None;
        }
        s = &s[c..];
        *slot = n as u8;
    }
    if s.is_empty() {
        Some(p)
    } else {
        None
    }
}

fn parse_ipv6(mut s: &str) -> Option<[u8; 16]> {
    let mut ip = [0u8; 16];
    let mut ellipsis: Option<usize> = None;
    if s.starts_with("::") {
        ellipsis = Some(0);
        s = &s[2..];
        if s.is_empty() {
            return Some(ip);
        }
    }
    let mut i = 0;
    while i < 16 {
        let (n, c) = xtoi(s)?;
        if n > 0xffff {
            return None;
        }
        if c < s.len() && s.as_bytes()[c] == b'.' {
            if ellipsis.is_none() && i != 12 {
                return None;
            }
            if i + 4 > 16 {
                return None;
            }
            let v4 = parse_ipv4(s)?;
            ip[i..i + 4].copy_from_slice(&v4);
            s = "";
            i += 4;
            break;
        }
        ip[i] = (n >> 8) as u8;
        ip[i + 1] = n as u8;
        i += 2;
        s = &s[c..];
        if s.is_empty() {
            break;
        }
        if !s.starts_with(':') || s.len() == 1 {
            return None;
        }
        s = &s[1..];
        if s.starts_with(':') {
            if ellipsis.is_some() {
                return None;
            }
            ellipsis = Some(i);
            s = &s[1..];
            if s.is_empty() {
                break;
            }
        }
    }
    if !s.is_empty() {
        return None;
    }
    if i < 16 {
        let e = ellipsis?;
        let n = 16 - i;
        for j in (e..i).rev() {
            ip[j + n] = ip[j];
        }
        for slot in ip.iter_mut().skip(e).take(n) {
            *slot = 0;
        }
    } else if ellipsis.is_some() {
        return None;
    }
    Some(ip)
}

/// Go's `net.CIDRMask`; empty (nil) when out of range.
fn cidr_mask(ones: i64, bits: i64) -> Ip {
    if (bits != 32 && bits != 128) || ones < 0 || ones > bits {
        return Vec::new();
    }
    let mut m = vec![0u8; (bits / 8) as usize];
    let mut n = ones;
    for b in m.iter_mut() {
        if n >= 8 {
            *b = 0xff;
            n -= 8;
            continue;
        }
        *b = !(0xffu8 >> n as u32);
        n = 0;
    }
    m
}

/// Go's `IPMask.Size`: (ones, bits), or (0, 0) for a non-canonical mask.
fn mask_size(m: &[u8]) -> (i64, i64) {
    let mut ones = 0i64;
    let mut seen_zero = false;
    for &b in m {
        for k in (0..8).rev() {
            if b & (1 << k) != 0 {
                if seen_zero {
                    return (0, 0);
                }
                ones += 1;
            } else {
                seen_zero = true;
            }
        }
    }
    (ones, m.len() as i64 * 8)
}

/// Go's `IP.To4`.
fn to4(ip: &[u8]) -> Option<Ip> {
    match ip.len() {
        4 => Some(ip.to_vec()),
        16 if ip[..12] == V4_IN_V6_PREFIX => Some(ip[12..].to_vec()),
        _ => None,
    }
}

/// Go's `IP.Mask`.
fn ip_mask(ip: &[u8], mask: &[u8]) -> Ip {
    let mut mask = mask;
    let mut ip = ip;
    if mask.len() == 16 && ip.len() == 4 && mask[..12].iter().all(|&b| b == 0xff) {
        mask = &mask[12..];
    }
    if mask.len() == 4 && ip.len() == 16 && ip[..12] == V4_IN_V6_PREFIX {
        ip = &ip[12..];
    }
    if ip.len() != mask.len() {
        return Vec::new();
    }
    ip.iter().zip(mask).map(|(a, b)| a & b).collect()
}

/// Go's `net.ParseCIDR`.
fn parse_cidr(s: &str) -> Result<Net, String> {
    let err = || format!("invalid CIDR address: {s}");
    let slash = s.find('/').ok_or_else(err)?;
    let (addr, mask) = (&s[..slash], &s[slash + 1..]);
    let (ip, iplen): (Ip, i64) = match parse_ipv4(addr) {
        Some(v4) => {
            let mut v = V4_IN_V6_PREFIX.to_vec();
            v.extend_from_slice(&v4);
            (v, 4)
        }
        None => (parse_ipv6(addr).ok_or_else(err)?.to_vec(), 16),
    };
    let (n, consumed) = dtoi(mask).ok_or_else(err)?;
    if consumed != mask.len() || n as i64 > 8 * iplen {
        return Err(err());
    }
    let m = cidr_mask(n as i64, 8 * iplen);
    Ok(Net { ip: ip_mask(&ip, &m), mask: m })
}

/// Go's `IP.String`.
fn ip_string(ip: &[u8]) -> String {
    if ip.is_empty() {
        return "<nil>".to_string();
    }
    if let Some(v4) = to4(ip) {
        return format!("{}.{}.{}.{}", v4[0], v4[1], v4[2], v4[3]);
    }
    if ip.len() != 16 {
        return format!("?{}", hex::encode(ip));
    }
    let (mut e0, mut e1): (i64, i64) = (-1, -1);
    let mut i = 0usize;
    while i < 16 {
        let mut j = i;
        while j < 16 && ip[j] == 0 && ip[j + 1] == 0 {
            j += 2;
        }
        if j > i && (j - i) as i64 > e1 - e0 {
            e0 = i as i64;
            e1 = j as i64;
            i = j;
        }
        i += 2;
    }
    if e1 - e0 <= 2 {
        e0 = -1;
        e1 = -1;
    }
    let mut out = String::new();
    let mut i = 0usize;
    while i < 16 {
        if i as i64 == e0 {
            out.push_str("::");
            i = e1 as usize;
            if i >= 16 {
                break;
            }
        } else if i > 0 {
            out.push(':');
        }
        out.push_str(&format!("{:x}", (ip[i] as u32) << 8 | ip[i + 1] as u32));
        i += 2;
    }
    out
}

/// Go's `IPNet.String`.
fn net_string(n: &Net) -> String {
    let ip = match to4(&n.ip) {
        Some(v4) => v4,
        None => {
            if n.ip.len() != 16 {
                return "<nil>".to_string();
            }
            n.ip.clone()
        }
    };
    let mask: &[u8] = match n.mask.len() {
        4 => {
            if ip.len() != 4 {
                return "<nil>".to_string();
            }
            &n.mask
        }
        16 => {
            if ip.len() == 4 {
                &n.mask[12..]
            } else {
                &n.mask
            }
        }
        _ => return "<nil>".to_string(),
    };
    let (ones, bits) = mask_size(mask);
    if bits == 0 && !mask.is_empty() {
        return format!("{}/{}", ip_string(&ip), hex::encode(mask));
    }
    format!("{}/{}", ip_string(&ip), ones)
}

// ---- go-cidr -----------------------------------------------------------------------------

fn ip_to_int(ip: &[u8]) -> (BigInt, i64) {
    (BigInt::from_bytes_be(Sign::Plus, ip), ip.len() as i64 * 8)
}

/// go-cidr's `intToIP`: the magnitude's bytes right-aligned; Go panics (index out of
/// range) when they do not fit.
fn int_to_ip(v: &BigInt, bits: i64) -> Result<Ip, String> {
    let (_, bytes) = v.to_bytes_be();
    let bytes: Vec<u8> = if v.is_zero() { Vec::new() } else { bytes };
    let len = (bits / 8) as usize;
    if bytes.len() > len {
        return Err("panic in function implementation: runtime error: index out of range [-1]".to_string());
    }
    let mut out = vec![0u8; len];
    out[len - bytes.len()..].copy_from_slice(&bytes);
    Ok(out)
}

fn insert_num_into_ip(ip: &[u8], num: &BigInt, prefix_len: i64) -> Result<Ip, String> {
    let (ip_int, total_bits) = ip_to_int(ip);
    let shift = (total_bits - prefix_len).max(0) as usize;
    let shifted = num << shift;
    int_to_ip(&(ip_int | shifted), total_bits)
}

/// big.Int's `Uint64`: the low 64 bits of the magnitude.
fn low_u64(v: &BigInt) -> u64 {
    let (_, digits) = v.to_u64_digits();
    digits.first().copied().unwrap_or(0)
}

fn host_big(base: &Net, num: &BigInt) -> Result<Ip, String> {
    let (parent_len, addr_len) = mask_size(&base.mask);
    let host_len = addr_len - parent_len;
    let max_host: BigInt = (BigInt::one() << host_len.max(0) as usize) - 1;
    let mut num = num.clone();
    // numUint64 := big.NewInt(int64(num.Uint64()))
    let mut num_u = BigInt::from(low_u64(&num) as i64);
    if num.is_negative() {
        num_u = -num.clone() - 1;
        num = &max_host - &num_u;
    }
    if num_u > max_host {
        return Err(format!("prefix of {parent_len} does not accommodate a host numbered {num}"));
    }
    let bit_length = if to4(&base.ip).is_some() { 32 } else { 128 };
    insert_num_into_ip(&base.ip, &num, bit_length)
}

fn subnet_big(base: &Net, new_bits: i64, num: &BigInt) -> Result<Net, String> {
    let (parent_len, addr_len) = mask_size(&base.mask);
    let new_prefix = parent_len + new_bits;
    if new_prefix > addr_len {
        return Err(format!("insufficient address space to extend prefix of {parent_len} by {new_bits}"));
    }
    // uint64(1<<uint64(newBits)) - 1, with Go's shift semantics.
    let max_net: u64 = if (0..64).contains(&new_bits) { (1u64 << new_bits) - 1 } else { u64::MAX };
    if low_u64(num) > max_net {
        return Err(format!("prefix extension of {new_bits} does not accommodate a subnet numbered {num}"));
    }
    Ok(Net { ip: insert_num_into_ip(&base.ip, num, new_prefix)?, mask: cidr_mask(new_prefix, addr_len) })
}

fn inc(ip: &[u8]) -> Ip {
    let mut out = to4(ip).unwrap_or_else(|| ip.to_vec());
    for b in out.iter_mut().rev() {
        *b = b.wrapping_add(1);
        if *b != 0 {
            break;
        }
    }
    out
}

fn dec(ip: &[u8]) -> Ip {
    let mut out = to4(ip).unwrap_or_else(|| ip.to_vec());
    for b in out.iter_mut().rev() {
        *b = b.wrapping_sub(1);
        if *b != 0xff {
            break;
        }
    }
    out
}

fn address_range(n: &Net) -> Result<(Ip, Ip), String> {
    let first = n.ip.clone();
    let (prefix_len, bits) = mask_size(&n.mask);
    if prefix_len == bits {
        return Ok((first.clone(), first));
    }
    let (first_int, bits) = ip_to_int(&first);
    let host_len = (bits - prefix_len).max(0) as usize;
    let last = ((BigInt::one() << host_len) - 1) | first_int;
    Ok((first, int_to_ip(&last, bits)?))
}

/// Equal to Go's `net.IPv4zero` or `net.IPv6zero`.
fn is_zero_ip(ip: &[u8]) -> bool {
    match ip.len() {
        4 => ip.iter().all(|&b| b == 0),
        16 => ip.iter().all(|&b| b == 0) || (ip[..12] == V4_IN_V6_PREFIX && ip[12..].iter().all(|&b| b == 0)),
        _ => false,
    }
}

fn previous_subnet(network: &Net, prefix_len: i64) -> Net {
    let start = to4(&network.ip).unwrap_or_else(|| network.ip.clone());
    let mask = cidr_mask(prefix_len, 8 * start.len() as i64);
    let prev = dec(&start);
    Net { ip: ip_mask(&prev, &mask), mask }
}

fn next_subnet(network: &Net, prefix_len: i64) -> Result<(Net, bool), String> {
    let (_, current_last) = address_range(network)?;
    let mask = cidr_mask(prefix_len, 8 * current_last.len() as i64);
    let current = Net { ip: ip_mask(&current_last, &mask), mask: mask.clone() };
    let (_, last) = address_range(&current)?;
    let last = inc(&last);
    let next = Net { ip: ip_mask(&last, &mask), mask };
    let rollover = is_zero_ip(&last);
    Ok((next, rollover))
}

/// Go's `IPNet.Contains`.
fn net_contains(n: &Net, ip: &[u8]) -> bool {
    let (nn, m) = match to4(&n.ip) {
        Some(v4) => (v4, if n.mask.len() == 16 { n.mask[12..].to_vec() } else { n.mask.clone() }),
        None => (n.ip.clone(), n.mask.clone()),
    };
    let ip = match to4(ip) {
        Some(v4) => v4,
        None => ip.to_vec(),
    };
    if ip.len() != nn.len() || m.len() != nn.len() {
        return false;
    }
    (0..nn.len()).all(|i| nn[i] & m[i] == ip[i] & m[i])
}

// ---- the functions -------------------------------------------------------------------------

fn cidrhost(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let num = big_arg(&args, 1).map_err(FuncError::call)?;
    let net = parse_cidr(arg_str(&args, 0)).map_err(|e| FuncError::call(format!("invalid CIDR expression: {e}")))?;
    let ip = host_big(&net, &num).map_err(FuncError::call)?;
    Ok(Value::string(ip_string(&ip)))
}

fn cidrnetmask(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    // Terraform 1.0.3 formats IPv6 masks too (the IPv4-only check came later).
    let net = parse_cidr(arg_str(&args, 0)).map_err(|e| FuncError::call(format!("invalid CIDR expression: {e}")))?;
    Ok(Value::string(ip_string(&net.mask)))
}

fn cidrsubnet(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let new_bits = int_arg(&args, 1).map_err(FuncError::call)?;
    let num = big_arg(&args, 2).map_err(FuncError::call)?;
    let net = parse_cidr(arg_str(&args, 0)).map_err(|e| FuncError::call(format!("invalid CIDR expression: {e}")))?;
    let sub = subnet_big(&net, new_bits, &num).map_err(FuncError::call)?;
    Ok(Value::string(net_string(&sub)))
}

fn cidrsubnets(_h: &dyn Host, args: Vec<Value>) -> Result<Value, FuncError> {
    let net = parse_cidr(arg_str(&args, 0)).map_err(|e| FuncError::arg(0, format!("invalid CIDR expression: {e}")))?;
    let (start_len, _) = mask_size(&net.mask);
    if args.len() < 2 {
        return Ok(Value::empty_list(Type::String));
    }
    let first = int_arg(&args, 1).map_err(|e| FuncError::arg(1, e))?;
    let mut current = previous_subnet(&net, first.saturating_add(start_len));
    let addr_bits = net.ip.len() as i64 * 8;
    let mut out = Vec::with_capacity(args.len() - 1);
    for i in 1..args.len() {
        let length = int_arg(&args, i).map_err(|e| FuncError::arg(i, e))?;
        if length < 1 {
            return Err(FuncError::arg(i, "must extend prefix by at least one bit"));
        }
        if length > 32 {
            return Err(FuncError::arg(i, "may not extend prefix by more than 32 bits"));
        }
        let length = length + start_len;
        if length > addr_bits {
            let protocol = match addr_bits {
                32 => "IPv4",
                128 => "IPv6",
                _ => "IP",
            };
            return Err(FuncError::arg(
                i,
                format!("would extend prefix to {length} bits, which is too long for an {protocol} address"),
            ));
        }
        let (next, rollover) = next_subnet(&current, length).map_err(FuncError::call)?;
        if rollover || !net_contains(&net, &next.ip) {
            return Err(FuncError::arg(
                i,
                format!(
                    "not enough remaining address space for a subnet with a prefix of {length} bits after {}",
                    net_string(&current)
                ),
            ));
        }
        current = next;
        out.push(Value::string(net_string(&current)));
    }
    Ok(Value::list(Type::String, out))
}

#[cfg(test)]
mod tests {
    use super::super::testing::{arg_err, call, call_err, n, ok_str, s};
    use super::*;

    fn host(p: &str, num: &str) -> String {
        ok_str("cidrhost", vec![s(p), n(num)])
    }
    fn subnet(p: &str, bits: &str, num: &str) -> String {
        ok_str("cidrsubnet", vec![s(p), n(bits), n(num)])
    }
    fn subnets(p: &str, bits: &[&str]) -> Result<Vec<String>, FuncError> {
        let mut args = vec![s(p)];
        args.extend(bits.iter().map(|b| n(b)));
        call("cidrsubnets", args).map(|v| {
            assert_eq!(v.ty(), Type::list(Type::String));
            v.as_elements().unwrap().iter().map(|e| e.as_str().unwrap().to_string()).collect()
        })
    }

    #[test]
    fn cidrhost_cases() {
        // Public case 127.
        assert_eq!(host("10.12.112.0/20", "16"), "10.12.112.16");
        assert_eq!(host("10.12.112.0/20", "268"), "10.12.113.12");
        assert_eq!(host("10.0.0.0/24", "-1"), "10.0.0.255");
        assert_eq!(host("192.168.1.0/24", "0"), "192.168.1.0");
        assert_eq!(host("192.168.1.77/24", "5"), "192.168.1.5");
        assert_eq!(host("fd00:fd12:3456:7890:00a2::/72", "34"), "fd00:fd12:3456:7890::22");
        assert_eq!(host("2001:db8::/64", "-1"), "2001:db8::ffff:ffff:ffff:ffff");
        // Quirks of Go's parsing and formatting.
        assert_eq!(host("10.0.0.0/24", "-256"), "10.0.0.0");
        assert_eq!(host("10.0.0.1/32", "0"), "10.0.0.1");
        assert_eq!(host("010.000.0.0/8", "1"), "10.0.0.1");
        assert_eq!(host("::ffff:10.0.0.0/120", "5"), "0:5::ffff:a00:0");
        assert_eq!(host("::/0", "1"), "::1");
        assert_eq!(host("2001:db8:0:0:1:0:0:1/128", "0"), "2001:db8::1:0:0:1");
        assert_eq!(host("2001:db8:0:1::/64", "65536"), "2001:db8:0:1::1:0");
        assert_eq!(host("0:0:1:0:0:1:0:0/128", "0"), "::1:0:0:1:0:0");
        // Public cases 128 and 283, and other errors.
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/24"), n("256")]), "prefix of 24 does not accommodate a host numbered 256");
        assert_eq!(call_err("cidrhost", vec![s("2001:db8::/126"), n("4")]), "prefix of 126 does not accommodate a host numbered 4");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/24"), n("-300")]), "prefix of 24 does not accommodate a host numbered -44");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/24"), n("-257")]), "prefix of 24 does not accommodate a host numbered -1");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/24"), n("1.5")]), "value must be a whole number");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/33"), n("1")]), "invalid CIDR expression: invalid CIDR address: 10.0.0.0/33");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0"), n("1")]), "invalid CIDR expression: invalid CIDR address: 10.0.0.0");
        assert_eq!(call_err("cidrhost", vec![s("10.0.0.0/+8"), n("1")]), "invalid CIDR expression: invalid CIDR address: 10.0.0.0/+8");
        assert_eq!(call_err("cidrhost", vec![s("foo"), n("1")]), "invalid CIDR expression: invalid CIDR address: foo");
    }

    #[test]
    fn cidrnetmask_cases() {
        assert_eq!(ok_str("cidrnetmask", vec![s("172.16.0.0/12")]), "255.240.0.0");
        assert_eq!(ok_str("cidrnetmask", vec![s("0.0.0.0/0")]), "0.0.0.0");
        assert_eq!(ok_str("cidrnetmask", vec![s("::ffff:10.0.0.0/104")]), "ffff:ffff:ffff:ffff:ffff:ffff:ff00:0");
        // Public case 130.
        assert_eq!(call_err("cidrnetmask", vec![s("10.0.0.0")]), "invalid CIDR expression: invalid CIDR address: 10.0.0.0");
        assert_eq!(ok_str("cidrnetmask", vec![s("2001:db8::/32")]), "ffff:ffff::");
        assert_eq!(ok_str("cidrnetmask", vec![s("::/0")]), "::");
        assert_eq!(ok_str("cidrnetmask", vec![s("2001:db8:85a3::8a2e:370:7334/100")]), "ffff:ffff:ffff:ffff:ffff:ffff:f000:0");
    }

    #[test]
    fn cidrsubnet_cases() {
        // Public case 131.
        assert_eq!(subnet("172.16.0.0/12", "4", "2"), "172.18.0.0/16");
        assert_eq!(subnet("10.1.2.0/24", "4", "15"), "10.1.2.240/28");
        assert_eq!(subnet("10.0.0.0/16", "8", "0"), "10.0.0.0/24");
        assert_eq!(subnet("fd00:fd12:3456:7890::/56", "16", "162"), "fd00:fd12:3456:7800:a200::/72");
        assert_eq!(subnet("2607:f298:6051:516c::/64", "8", "2"), "2607:f298:6051:516c:200::/72");
        assert_eq!(subnet("10.1.2.3/16", "8", "1"), "10.1.1.0/24");
        assert_eq!(subnet("10.0.0.0/16", "0", "0"), "10.0.0.0/16");
        // Quirks.
        assert_eq!(subnet("10.0.0.0/16", "8", "-1"), "0.0.1.0/24");
        assert_eq!(subnet("10.0.0.0/16", "-1", "0"), "10.0.0.0/15");
        assert_eq!(subnet("2001:db8::/32", "64", "1"), "2001:db8::1:0:0/96");
        assert_eq!(subnet("::/0", "70", "5"), "::1400:0:0:0/70");
        assert_eq!(subnet("::/0", "64", "65535"), "0:0:0:ffff::/64");
        assert_eq!(subnet("::ffff:10.0.0.0/104", "8", "3"), "10.3.0.0/16");
        // Public case 133 and other errors.
        assert_eq!(
            call_err("cidrsubnet", vec![s("10.0.0.0/16"), n("2"), n("4")]),
            "prefix extension of 2 does not accommodate a subnet numbered 4"
        );
        assert_eq!(
            call_err("cidrsubnet", vec![s("10.0.0.0/16"), n("17"), n("0")]),
            "insufficient address space to extend prefix of 16 by 17"
        );
        assert_eq!(call_err("cidrsubnet", vec![s("10.0.0.0/16"), n("1.5"), n("0")]), GO_INT_RANGE);
        assert_eq!(call_err("cidrsubnet", vec![s("10.0.0.0/16"), n("2"), n("1.5")]), "value must be a whole number");
    }

    #[test]
    fn cidrsubnets_cases() {
        // Public case 134.
        assert_eq!(subnets("10.1.0.0/16", &["4", "4", "8", "4"]).unwrap(), ["10.1.0.0/20", "10.1.16.0/20", "10.1.32.0/24", "10.1.48.0/20"]);
        assert_eq!(
            subnets("fd00:fd12:3456:7890::/56", &["16", "16", "16", "32"]).unwrap(),
            ["fd00:fd12:3456:7800::/72", "fd00:fd12:3456:7800:100::/72", "fd00:fd12:3456:7800:200::/72", "fd00:fd12:3456:7800:300::/88"]
        );
        assert_eq!(subnets("10.0.0.0/8", &["8", "4"]).unwrap(), ["10.0.0.0/16", "10.16.0.0/12"]);
        assert!(subnets("10.0.0.0/8", &[]).unwrap().is_empty());
        // Errors are about the offending argument.
        assert_eq!(arg_err("cidrsubnets", vec![s("10.0.0.0/8"), n("0")]), (1, "must extend prefix by at least one bit".into()));
        assert_eq!(arg_err("cidrsubnets", vec![s("10.0.0.0/8"), n("33")]), (1, "may not extend prefix by more than 32 bits".into()));
        assert_eq!(
            arg_err("cidrsubnets", vec![s("10.0.0.0/30"), n("3")]),
            (1, "would extend prefix to 33 bits, which is too long for an IPv4 address".into())
        );
        assert_eq!(
            arg_err("cidrsubnets", vec![s("10.0.0.0/30"), n("1"), n("1"), n("1")]),
            (3, "not enough remaining address space for a subnet with a prefix of 31 bits after 10.0.0.2/31".into())
        );
        assert_eq!(
            arg_err("cidrsubnets", vec![s("10.0.0.0"), n("1")]),
            (0, "invalid CIDR expression: invalid CIDR address: 10.0.0.0".into())
        );
        assert_eq!(arg_err("cidrsubnets", vec![s("10.0.0.0/8"), n("1.5")]), (1, GO_INT_RANGE.into()));
        assert_eq!(
            arg_err("cidrsubnets", vec![s("2001:db8::/120"), n("9")]),
            (1, "would extend prefix to 129 bits, which is too long for an IPv6 address".into())
        );
        assert_eq!(
            arg_err("cidrsubnets", vec![s("255.255.255.0/24"), n("1"), n("1"), n("1")]),
            (3, "not enough remaining address space for a subnet with a prefix of 25 bits after 255.255.255.128/25".into())
        );
        assert_eq!(
            arg_err("cidrsubnets", vec![s("0.0.0.0/0"), n("1"), n("1")]),
            (1, "not enough remaining address space for a subnet with a prefix of 1 bits after 128.0.0.0/1".into())
        );
    }

    #[test]
    fn go_ip_helpers() {
        assert!(parse_ipv6("1:2:3:4:5:6:7:8").is_some());
        assert!(parse_ipv6("1:2:3:4:5:6:7:8:9").is_none());
        assert!(parse_ipv6("1::2::3").is_none());
        assert!(parse_ipv6("::1.2.3.4").is_some());
        assert!(parse_ipv6("1:2:3:4:5:6:7::").is_some());
        assert_eq!(ip_string(&parse_ipv6("::").unwrap()), "::");
        assert_eq!(ip_string(&parse_ipv6("1:0:0:2::").unwrap()), "1:0:0:2::");
        assert_eq!(ip_string(&parse_ipv6("1:0:2:3:4:5:6:7").unwrap()), "1:0:2:3:4:5:6:7");
        assert_eq!(mask_size(&[0xff, 0x00, 0xff, 0x00]), (0, 0));
    }
}
