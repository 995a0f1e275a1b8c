//! String templates: `"${a}-%{ if b }x%{ endif }"` and heredocs, with HCL's exact
//! whitespace rules.
//!
//! HCL works on a flat token stream: in heredocs a literal token ends at each newline;
//! a strip marker (`~`) trims the one literal token beside it; then, for `<<-`
//! heredocs, the smallest indentation of the tokens that start a line is removed from
//! each of them, where a line that starts with an interpolation or directive (or with
//! a literal emptied by a strip marker) counts as indentation zero. The same steps
//! run here on a flattened copy of hcl-edit's template tree.

use std::sync::Arc;

use hcl_edit::expr::Expression;
use hcl_edit::template::{Directive, Element, HeredocTemplate, Strip, Template};
use hcl_edit::Span;

use crate::diag::SourceFile;

/// One token of the flattened template.
pub(crate) enum Part<'a> {
    Lit(String),
    Interp(&'a Expression, Strip),
    If(&'a Expression, Strip),
    Else(Strip),
    EndIf(Strip),
    For { key: Option<&'a str>, value: &'a str, coll: &'a Expression, strip: Strip },
    EndFor(Strip),
}

impl Part<'_> {
    fn strip(&self) -> Option<Strip> {
        match self {
            Part::Lit(_) => None,
            Part::Interp(_, s) | Part::If(_, s) | Part::Else(s) | Part::EndIf(s) | Part::EndFor(s) => Some(*s),
            Part::For { strip, .. } => Some(*strip),
        }
    }
}

/// The template as a tree again, after the whitespace passes.
pub(crate) enum Node<'a> {
    Lit(String),
    Interp(&'a Expression),
    If(&'a Expression, Vec<Node<'a>>, Vec<Node<'a>>),
    For { key: Option<&'a str>, value: &'a str, coll: &'a Expression, body: Vec<Node<'a>> },
}

fn flatten<'a>(t: &'a Template, split_lines: bool, out: &mut Vec<Part<'a>>) {
    for el in t.iter() {
        match el {
            Element::Literal(l) => {
                if split_lines {
                    for line in l.value().split_inclusive('\n') {
                        out.push(Part::Lit(line.to_string()));
                    }
                } else {
                    out.push(Part::Lit(l.value().to_string()));
                }
            }
            Element::Interpolation(i) => out.push(Part::Interp(&i.expr, i.strip)),
            Element::Directive(d) => match &**d {
                Directive::If(ifd) => {
                    out.push(Part::If(&ifd.if_expr.cond_expr, ifd.if_expr.strip));
                    flatten(&ifd.if_expr.template, split_lines, out);
                    if let Some(e) = &ifd.else_expr {
                        out.push(Part::Else(e.strip));
                        flatten(&e.template, split_lines, out);
                    }
                    out.push(Part::EndIf(ifd.endif_expr.strip));
                }
                Directive::For(f) => {
                    out.push(Part::For {
                        key: f.for_expr.key_var.as_ref().map(|k| k.as_str()),
                        value: f.for_expr.value_var.as_str(),
                        coll: &f.for_expr.collection_expr,
                        strip: f.for_expr.strip,
                    });
                    flatten(&f.for_expr.template, split_lines, out);
                    out.push(Part::EndFor(f.endfor_expr.strip));
                }
            },
        }
    }
}

fn apply_strip_markers(parts: &mut [Part<'_>]) {
    for i in 0..parts.len() {
        let Some(strip) = parts[i].strip() else { continue };
        if strip.strip_start() && i > 0 {
            if let Part::Lit(s) = &mut parts[i - 1] {
                *s = s.trim_end().to_string();
            }
        }
        if strip.strip_end() && i + 1 < parts.len() {
            if let Part::Lit(s) = &mut parts[i + 1] {
                *s = s.trim_start().to_string();
            }
        }
    }
}

/// Removes the common indentation of `<<-` heredoc lines.
fn flush_heredoc(parts: &mut [Part<'_>]) {
    let mut min_spaces = usize::MAX;
    let mut newline = true;
    let mut adjust = Vec::new();
    for (i, p) in parts.iter().enumerate() {
        if newline {
            newline = false;
            let spaces = match p {
                Part::Lit(s) => {
                    let trimmed = s.trim_start();
                    if trimmed.is_empty() && s.ends_with('\n') {
                        usize::MAX
                    } else {
                        adjust.push(i);
                        s[..s.len() - trimmed.len()].chars().count()
                    }
                }
                _ => 0,
            };
            min_spaces = min_spaces.min(spaces);
        }
        if let Part::Lit(s) = p {
            if s.ends_with('\n') {
                newline = true;
            }
        }
    }
    if min_spaces == usize::MAX || min_spaces == 0 {
        return;
    }
    for i in adjust {
        if let Part::Lit(s) = &mut parts[i] {
            let cut: usize = s.chars().take(min_spaces).map(char::len_utf8).sum();
            *s = s[cut..].to_string();
        }
    }
}

fn build<'a>(parts: &mut std::iter::Peekable<std::vec::IntoIter<Part<'a>>>) -> Vec<Node<'a>> {
    let mut out = Vec::new();
    while let Some(p) = parts.peek() {
        match p {
            Part::Else(_) | Part::EndIf(_) | Part::EndFor(_) => return out,
            _ => {}
        }
        let Some(p) = parts.next() else { break };
        match p {
            Part::Lit(s) => {
                if let Some(Node::Lit(prev)) = out.last_mut() {
                    prev.push_str(&s);
                } else {
                    out.push(Node::Lit(s));
                }
            }
            Part::Interp(e, _) => out.push(Node::Interp(e)),
            Part::If(cond, _) => {
                let then = build(parts);
                let mut els = Vec::new();
                if matches!(parts.peek(), Some(Part::Else(_))) {
                    parts.next();
                    els = build(parts);
                }
                if matches!(parts.peek(), Some(Part::EndIf(_))) {
                    parts.next();
                }
                out.push(Node::If(cond, then, els));
            }
            Part::For { key, value, coll, .. } => {
                let body = build(parts);
                if matches!(parts.peek(), Some(Part::EndFor(_))) {
                    parts.next();
                }
                out.push(Node::For { key, value, coll, body });
            }
            Part::Else(_) | Part::EndIf(_) | Part::EndFor(_) => {}
        }
    }
    out
}

/// Prepares a template for evaluation: whitespace passes, then the tree.
pub(crate) fn prepare(t: &Template, heredoc: bool, flush: bool) -> Vec<Node<'_>> {
    let mut parts = Vec::new();
    flatten(t, heredoc, &mut parts);
    apply_strip_markers(&mut parts);
    if flush {
        flush_heredoc(&mut parts);
    }
    build(&mut parts.into_iter().peekable())
}

/// hcl-edit dedents `<<-` heredocs itself, with rules that differ from HCL's; to apply
/// HCL's rules, the heredoc is parsed again from its source as a plain `<<` heredoc.
/// The copy keeps every byte offset and line of the original file, so diagnostics
/// inside the heredoc point at the right place.
pub(crate) fn reparse_flush_heredoc(file: &SourceFile, h: &HeredocTemplate) -> Option<(Arc<SourceFile>, HeredocTemplate)> {
    let span = h.span()?;
    let text = file.text.get(span.clone())?;
    let rest = text.strip_prefix("<<-")?;
    let blank: String = file.text.get(..span.start.checked_sub(1)?)?.chars().map(|c| if c == '\n' { "\n".to_string() } else { " ".repeat(c.len_utf8()) }).collect();
    // "x=<<" is one byte longer than "<<-": drop one blank byte before it.
    let synthetic = format!("{blank}x=<<{rest}\n");
    let body = hcl_edit::parser::parse_body(&synthetic).ok()?;
    let attr = body.attributes().next()?;
    let Expression::HeredocTemplate(h2) = &attr.value else { return None };
    let h2 = (**h2).clone();
    let f = Arc::new(SourceFile::new(file.name.clone(), file.path.clone(), synthetic));
    Some((f, h2))
}
