//! A partnership's page as `sprout partnership show` prints it for a person.

use std::io::Write;

use sprout_app::{PartnershipView, format_pence};

use crate::Failure;
use crate::output::Out;

pub fn show(p: &PartnershipView, out: &mut Out<impl Write>) -> Result<(), Failure> {
    out.line(&format!("{} with {} ({})", p.title, p.partner_name, p.kind))?;
    out.line(&format!("Stage: {}", p.stage.label()))?;
    if !p.owner_name.is_empty() {
        out.line(&format!(
            "Owner: {}{}",
            p.owner_name,
            if p.owner_interested { " (has declared an interest)" } else { "" }
        ))?;
    }
    out.line("The five principles:")?;
    for pr in &p.principles {
        let evidence = if pr.evidence.is_empty() { "no evidence yet" } else { &pr.evidence };
        out.line(&format!("  {}. {}: {evidence}", pr.number, pr.principle))?;
    }
    for a in &p.agreements {
        out.line(&format!(
            "Agreement {} {} ({}), effective {}, expires {}",
            a.id,
            a.kind,
            a.status,
            or_none(&a.effective),
            or_none(&a.expires)
        ))?;
        for d in &a.documents {
            let sealed = if d.confidential { " (confidential)" } else { "" };
            out.line(&format!("  document {} {}{sealed}", d.id, d.name))?;
        }
    }
    for o in &p.obligations {
        let amount = match (o.amount_pence, o.confidential) {
            (Some(p), true) => format!("{} (confidential)", format_pence(p)),
            (Some(p), false) => format_pence(p),
            (None, true) => "(confidential)".to_owned(),
            (None, false) => String::new(),
        };
        out.line(&format!(
            "  {} {} {amount} due {} ({}) by {}",
            o.kind,
            o.what,
            or_none(&o.due),
            o.status,
            or_none(&o.responsible)
        ))?;
    }
    for d in &p.declarations {
        out.line(&format!("Declared by {}: {} {}", d.by_name, d.kind, d.interest))?;
    }
    for i in &p.ideas {
        out.line(&format!("Serves idea {} {}", i.id, i.title))?;
    }
    for m in &p.history {
        out.line(&format!(
            "{} {} moved it to {}{}: {}",
            m.date,
            m.by_name,
            m.to.label(),
            if m.took_effect { "" } else { " (took no effect)" },
            m.rationale
        ))?;
    }
    if let Some(gate) = &p.gate {
        out.line(&format!("To move to {}:", gate.to.label()))?;
        for c in &gate.criteria {
            out.line(&format!("  [{}] {}", if c.met { "x" } else { " " }, c.label))?;
        }
    }
    Ok(())
}

fn or_none(s: &str) -> &str {
    if s.is_empty() { "—" } else { s }
}
