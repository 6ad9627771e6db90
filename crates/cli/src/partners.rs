//! `sprout partner …`, `sprout partnership …`, `sprout agreement …` and `sprout partners
//! …`: the hub's partner organisations, its partnerships under the DHSC five principles,
//! their agreements, terms and obligations, what is due, and the public register.

use std::io::Write;
use std::path::PathBuf;

use clap::Subcommand;
use sprout_app::{
    AgreementInput, ContactInput, ObligationInput, PartnershipPatch, PartnershipStage, SheetSource,
    Sprout,
};

use crate::Failure;
use crate::output::Out;

#[derive(Debug, Subcommand)]
pub enum PartnerCommand {
    /// Record a partner organisation (leads and admins); prints its id.
    Add {
        #[arg(long, allow_hyphen_values = true)]
        name: String,
        /// industry, sme, academic, nhs or charity.
        #[arg(long)]
        kind: String,
        #[arg(long, allow_hyphen_values = true)]
        address: Option<String>,
    },
    /// Add a contact at a partner; prints its id. E-mail and phone must look like one.
    Contact {
        partner: String,
        #[arg(long, allow_hyphen_values = true)]
        name: String,
        #[arg(long, allow_hyphen_values = true)]
        role: Option<String>,
        #[arg(long)]
        email: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        phone: Option<String>,
    },
    /// The partner organisations, with their contacts.
    List {
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum PartnershipCommand {
    /// Record a partnership with a partner, at discovery (leads and admins); prints its id.
    Add {
        #[arg(long)]
        partner: String,
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        /// data, research, commercial, licence or other.
        #[arg(long)]
        kind: String,
        /// An idea the partnership serves.
        #[arg(long)]
        idea: Option<String>,
    },
    /// Record the evidence for one of the DHSC five principles (N is 1 to 5).
    Principle {
        id: String,
        number: u8,
        #[arg(long, allow_hyphen_values = true)]
        evidence: String,
    },
    /// Change a partnership's fields.
    Set {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        title: Option<String>,
        /// A hub member's name or actor id.
        #[arg(long, value_name = "PERSON")]
        owner: Option<String>,
        /// nhs-only, sde, pseudonymised or none.
        #[arg(long)]
        data_access: Option<String>,
        /// commercial or non-commercial.
        #[arg(long)]
        commercial_use: Option<String>,
        /// yes or no: whether the partner gets exclusive access to raw data.
        #[arg(long)]
        exclusive: Option<String>,
        /// When the board (or its delegate) approved the terms, YYYY-MM-DD.
        #[arg(long, value_name = "DATE")]
        board_approved: Option<String>,
        /// The board minute reference.
        #[arg(long)]
        board_ref: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        lay_summary: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        public_benefit: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        legal_basis: Option<String>,
        #[arg(long)]
        dpia_ref: Option<String>,
        /// consent, s251 or not-needed.
        #[arg(long)]
        confidentiality: Option<String>,
        /// Link an idea the partnership serves.
        #[arg(long, value_name = "IDEA")]
        link_idea: Option<String>,
    },
    /// Move a partnership one stage on (discovery, due-diligence, negotiation, signed,
    /// active, closed), or to declined from any stage, with the reason.
    Stage {
        id: String,
        stage: String,
        #[arg(long, allow_hyphen_values = true)]
        rationale: String,
    },
    /// Declare your interest in a partnership: --none, or --interest TEXT --kind KIND
    /// (financial, professional, personal or indirect).
    Declare {
        id: String,
        #[arg(long, conflicts_with_all = ["interest", "kind"])]
        none: bool,
        #[arg(long, allow_hyphen_values = true, requires = "kind")]
        interest: Option<String>,
        #[arg(long, requires = "interest")]
        kind: Option<String>,
    },
    /// A partnership's page: principles, agreements, terms, obligations, declarations,
    /// linked ideas, history and what its next gate needs.
    Show {
        id: String,
        #[arg(long)]
        json: bool,
    },
    /// The partnerships, with how many are at each stage.
    List {
        /// Only those at this stage.
        #[arg(long)]
        stage: Option<String>,
        #[arg(long)]
        json: bool,
    },
}

#[derive(Debug, Subcommand)]
#[allow(clippy::large_enum_variant, reason = "parsed once per run")]
pub enum AgreementCommand {
    /// Record an agreement of a partnership (leads and admins); prints its id.
    Add {
        #[arg(long)]
        partnership: String,
        /// cda, dsa, dpa, micra, mcta, mcia, mnca, collaboration, licence, mou or mta.
        #[arg(long = "type")]
        kind: String,
        /// draft, negotiation, active, expired or terminated.
        #[arg(long)]
        status: String,
        #[arg(long, value_name = "DATE")]
        effective: Option<String>,
        #[arg(long, value_name = "DATE")]
        expires: Option<String>,
        /// Days before expiry that it is listed as due (90 if not given).
        #[arg(long, value_name = "N")]
        notice_days: Option<String>,
        #[arg(long)]
        model_version: Option<String>,
        /// yes or no: the model agreement used as published.
        #[arg(long)]
        unmodified: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        signatories: Option<String>,
        #[arg(long, allow_hyphen_values = true)]
        ip_background: Option<String>,
        /// nhs, partner or joint.
        #[arg(long)]
        foreground_owner: Option<String>,
        /// yes or no: whether results may be published.
        #[arg(long)]
        publication: Option<String>,
    },
    /// Add a value-share term to an agreement; prints its id. Amounts in pounds.
    Term {
        id: String,
        /// access-fee, upfront, subscription, milestone, royalty or consent-to-commercialise.
        #[arg(long)]
        mechanism: String,
        #[arg(long, allow_hyphen_values = true, value_name = "POUNDS")]
        amount: Option<String>,
        #[arg(long, value_name = "DATE")]
        due: Option<String>,
        /// nhs, partner or joint.
        #[arg(long)]
        by: Option<String>,
        /// Seal the amount: only the hub's leads and admins and the owner can read it.
        #[arg(long)]
        confidential: bool,
    },
    /// Attach a document to an agreement, once you confirm it holds no patient data;
    /// prints its id. --confidential seals it to the hub's leads, admins and the owner.
    Attach {
        id: String,
        file: PathBuf,
        #[arg(long)]
        no_patient_data: bool,
        #[arg(long)]
        confidential: bool,
    },
    /// Save an agreement's document into a folder (the current one unless --to).
    Document {
        document: String,
        #[arg(long, value_name = "FOLDER")]
        to: Option<PathBuf>,
    },
    /// Add an obligation under an agreement; prints its id.
    Obligation {
        id: String,
        #[arg(long, allow_hyphen_values = true)]
        title: String,
        #[arg(long, value_name = "DATE")]
        due: String,
        /// nhs, partner or joint.
        #[arg(long)]
        by: String,
        #[arg(long, allow_hyphen_values = true, value_name = "POUNDS")]
        amount: Option<String>,
        /// Seal the amount: only the hub's leads and admins and the owner can read it.
        #[arg(long)]
        confidential: bool,
    },
}

#[derive(Debug, Subcommand)]
pub enum PartnersCommand {
    /// Agreements within their notice period of expiry, and terms and obligations due
    /// within 30 days or overdue, soonest first.
    Due {
        /// Look this many days ahead instead.
        #[arg(long, value_name = "DAYS")]
        within: Option<u32>,
        #[arg(long)]
        json: bool,
    },
    /// Write the public register of data partnerships (.csv, .xlsx or .json), with the
    /// fields of HDR UK's data use register: never a contact or a term.
    Register {
        #[arg(long, value_name = "FILE")]
        out: PathBuf,
    },
    /// Seal confidential amounts again to the current leads and admins (leads and
    /// admins): a lead who joined since can then read them.
    Reseal,
    /// Bring in an existing agreements register (.xlsx or .csv): columns Partner, Partner
    /// kind, Partnership, Partnership kind, Agreement type, Status, Effective, Expires,
    /// Notice days. `--dry-run` first says what each row would create or why it is
    /// skipped; the same sheet again creates nothing twice.
    Import {
        file: PathBuf,
        #[arg(long)]
        dry_run: bool,
        /// A column under another header: COLUMN=HEADER (partner=Company), repeated.
        #[arg(long, value_name = "COLUMN=HEADER")]
        map: Vec<String>,
        #[arg(long)]
        json: bool,
    },
}

pub fn partner(
    sprout: &Sprout,
    command: PartnerCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    match command {
        PartnerCommand::Add { name, kind, address } => {
            out.line(&sprout.add_partner(&name, &kind, address.as_deref())?)
        }
        PartnerCommand::Contact { partner, name, role, email, phone } => {
            let contact = ContactInput { name, role, email, phone };
            out.line(&sprout.add_contact(&partner, &contact)?)
        }
        PartnerCommand::List { json } => {
            let partners = sprout.partners()?;
            if json {
                return out.json(&partners);
            }
            if partners.is_empty() {
                return out.line("No partners yet: `sprout partner add --name NAME --kind KIND`.");
            }
            for p in partners {
                out.line(&format!(
                    "{}  {} ({}), {} partnership(s)",
                    p.id, p.legal_name, p.kind, p.partnerships
                ))?;
                for c in p.contacts {
                    out.line(&format!("    {} {} {} {}", c.name, c.role, c.email, c.phone))?;
                }
            }
            Ok(())
        }
    }
}

pub fn partnership(
    sprout: &Sprout,
    command: PartnershipCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    let view = match command {
        PartnershipCommand::Add { partner, title, kind, idea } => {
            return out.line(&sprout.add_partnership(&partner, &title, &kind, idea.as_deref())?);
        }
        PartnershipCommand::Principle { id, number, evidence } => {
            sprout.set_principle(&id, number, &evidence)?
        }
        PartnershipCommand::Set {
            id,
            title,
            owner,
            data_access,
            commercial_use,
            exclusive,
            board_approved,
            board_ref,
            lay_summary,
            public_benefit,
            legal_basis,
            dpia_ref,
            confidentiality,
            link_idea,
        } => sprout.set_partnership(
            &id,
            &PartnershipPatch {
                title,
                owner,
                data_access,
                commercial_use,
                exclusive,
                board_approved,
                board_ref,
                lay_summary,
                public_benefit,
                legal_basis,
                dpia_ref,
                confidentiality,
                link_idea,
            },
        )?,
        PartnershipCommand::Stage { id, stage, rationale } => {
            let stage = PartnershipStage::parse(&stage).map_err(sprout_app::AppError::from)?;
            sprout.move_partnership(&id, stage, &rationale)?
        }
        PartnershipCommand::Declare { id, none, interest, kind } => {
            let interest = match (none, interest.as_deref(), kind.as_deref()) {
                (true, _, _) => None,
                (false, Some(text), Some(kind)) => Some((text, kind)),
                _ => {
                    return Err(sprout_app::AppError::new(
                        sprout_app::ErrorCode::Empty,
                        "declare --none, or --interest TEXT --kind KIND",
                    )
                    .into());
                }
            };
            sprout.declare_interest(&id, interest)?
        }
        PartnershipCommand::Show { id, json } => {
            let view = sprout.partnership(&id)?;
            return if json { out.json(&view) } else { crate::partnership_page::show(&view, out) };
        }
        PartnershipCommand::List { stage, json } => {
            let stage = stage
                .map(|s| PartnershipStage::parse(&s))
                .transpose()
                .map_err(sprout_app::AppError::from)?;
            let list = sprout.partnerships(stage)?;
            if json {
                return out.json(&list);
            }
            let counts: Vec<String> =
                list.by_stage.iter().map(|(s, n)| format!("{} {n}", s.label())).collect();
            out.line(&if counts.is_empty() {
                "No partnerships yet.".to_owned()
            } else {
                counts.join(", ")
            })?;
            for r in list.rows {
                out.line(&format!(
                    "{}  {}  {} with {} ({}), owner {}",
                    r.id,
                    r.stage.label(),
                    r.title,
                    r.partner_name,
                    r.kind,
                    if r.owner_name.is_empty() { "none" } else { &r.owner_name }
                ))?;
            }
            return Ok(());
        }
    };
    out.line(&format!("{}: {}", view.title, view.stage.label()))
}

pub fn agreement(
    sprout: &Sprout,
    command: AgreementCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    let id = match command {
        AgreementCommand::Add {
            partnership,
            kind,
            status,
            effective,
            expires,
            notice_days,
            model_version,
            unmodified,
            signatories,
            ip_background,
            foreground_owner,
            publication,
        } => sprout.add_agreement(
            &partnership,
            &AgreementInput {
                kind,
                status,
                effective,
                expires,
                notice_days,
                model_version,
                unmodified,
                signatories,
                ip_background,
                foreground_owner,
                publication,
            },
        )?,
        AgreementCommand::Attach { id, file, no_patient_data, confidential } => {
            sprout.attach_to_agreement(&id, &file, confidential, no_patient_data)?
        }
        AgreementCommand::Document { document, to } => {
            let folder = to.unwrap_or_else(|| PathBuf::from("."));
            let saved = sprout.save_agreement_document(&document, Some(&folder))?;
            return out.line(&format!("Saved {saved}"));
        }
        AgreementCommand::Term { id, mechanism, amount, due, by, confidential } => sprout
            .add_obligation(
                &id,
                true,
                &ObligationInput { what: mechanism, amount, due, responsible: by, confidential },
            )?,
        AgreementCommand::Obligation { id, title, due, by, amount, confidential } => sprout
            .add_obligation(
                &id,
                false,
                &ObligationInput {
                    what: title,
                    amount,
                    due: Some(due),
                    responsible: Some(by),
                    confidential,
                },
            )?,
    };
    out.line(&id)
}

pub fn partners(
    sprout: &Sprout,
    command: PartnersCommand,
    out: &mut Out<impl Write>,
) -> Result<(), Failure> {
    match command {
        PartnersCommand::Due { within, json } => {
            let due = sprout.partnerships_due(within)?;
            if json {
                return out.json(&due);
            }
            if due.is_empty() {
                return out.line("Nothing due.");
            }
            for d in due {
                let when = match d.days {
                    0 => "today".to_owned(),
                    n if n < 0 => format!("{} days ago", -n),
                    n => format!("in {n} days"),
                };
                out.line(&format!(
                    "{}  {} {} of {}: {} ({})",
                    d.date, d.kind, d.what, d.partnership_title, d.status, when
                ))?;
            }
            Ok(())
        }
        PartnersCommand::Import { file, dry_run, map, json } => {
            let mut mapping = std::collections::BTreeMap::new();
            for pair in map {
                let Some((column, header)) = pair.split_once('=') else {
                    return Err(sprout_app::AppError::new(
                        sprout_app::ErrorCode::NotOneOf,
                        format!("--map {pair:?} must be COLUMN=HEADER, such as partner=Company"),
                    )
                    .into());
                };
                mapping.insert(column.trim().to_owned(), header.trim().to_owned());
            }
            let report = sprout.import_agreements(SheetSource::File(&file), &mapping, dry_run)?;
            if json {
                return out.json(&report);
            }
            for r in &report.rows {
                out.line(&format!("row {}: {}: {}", r.row, r.outcome, r.says))?;
            }
            out.line(&format!(
                "{} {} partner(s), {} partnership(s) and {} agreement(s); {} row(s) skipped.",
                if report.dry_run { "Would create" } else { "Created" },
                report.partners,
                report.partnerships,
                report.agreements,
                report.skipped
            ))
        }
        PartnersCommand::Reseal => {
            let n = sprout.reseal_confidential()?;
            out.line(&format!("Sealed {n} confidential amount(s) again to the current leads."))
        }
        PartnersCommand::Register { out: file } => {
            let done = sprout.partnership_register(&file)?;
            out.line(&format!("Wrote {} data partnership(s) to {}.", done.partnerships, done.path))
        }
    }
}
