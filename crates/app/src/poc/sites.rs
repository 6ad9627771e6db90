//! Sites: those taking part in a POC, and those an adopted idea spreads to, each with its
//! status, local lead and (for spread) the local assurance it has cleared.

use std::collections::BTreeMap;

use sprout_core::{
    IdeaField, IdeaId, Poc, PocPart, Spread, Stage, validate_date, validate_poc_field,
};
use sprout_store::Store;

use super::{SitePlan, required, today};
use crate::Sprout;
use crate::error::{AppError, ErrorCode};
use crate::ideas::fetch;

impl Sprout {
    /// Records a site taking part in the POC, or changes its status (the project lead, a
    /// lead or an admin). The same site again updates it.
    pub fn set_poc_site(&self, id: IdeaId, site: &SitePlan) -> Result<Poc, AppError> {
        let mut store = self.store()?;
        self.may_record(&store, id)?;
        let fields = self.site_fields(&store, site, IdeaField::SiteStatus)?;
        let record =
            sprout_core::site_record(id.as_uuid(), PocPart::Site, &fields[&IdeaField::Site]);
        self.set_part(&mut store, id, PocPart::Site, record, &fields)?;
        drop(store);
        self.changed();
        self.poc(id)
    }

    /// Where an adopted idea stands at each site that considered it.
    pub fn spread(&self, id: IdeaId) -> Result<Spread, AppError> {
        let store = self.store()?;
        fetch(&store, id)?;
        Ok(store.spread(id)?)
    }

    /// Records where an idea at Adopt & spread stands at one site, with the local assurance
    /// it has cleared (the project lead, a lead or an admin). Each answer is kept per site,
    /// so the next site sees what this one cleared. A decline says why.
    pub fn set_spread(&self, id: IdeaId, site: &SitePlan) -> Result<Spread, AppError> {
        let mut store = self.store()?;
        let idea = fetch(&store, id)?;
        if idea.stage != Stage::AdoptAndSpread {
            return Err(AppError::new(
                ErrorCode::GateClosed,
                format!(
                    "an idea spreads to other sites once it reaches Adopt & spread; this one is at {}",
                    idea.stage.label()
                ),
            ));
        }
        let poc = store.poc(id, &today(&store))?;
        self.may_record_on(&store, &poc)?;
        let mut fields = self.site_fields(&store, site, IdeaField::SpreadStatus)?;
        let declined = fields.get(&IdeaField::SpreadStatus).is_some_and(|s| s == "declined");
        match &site.reason {
            Some(r) => {
                fields.insert(IdeaField::Reason, validate_poc_field(IdeaField::Reason, r)?);
            }
            None if declined => {
                return Err(AppError::new(
                    ErrorCode::Empty,
                    "reason must not be empty: say why the site declined",
                )
                .on(IdeaField::Reason));
            }
            None => {}
        }
        if let Some(assured) = &site.assured {
            fields.insert(IdeaField::Assurance, validate_poc_field(IdeaField::Assurance, assured)?);
        }
        let record =
            sprout_core::site_record(id.as_uuid(), PocPart::Spread, &fields[&IdeaField::Site]);
        self.set_part(&mut store, id, PocPart::Spread, record, &fields)?;
        drop(store);
        self.changed();
        self.spread(id)
    }

    fn site_fields(
        &self,
        store: &Store,
        site: &SitePlan,
        status_field: IdeaField,
    ) -> Result<BTreeMap<IdeaField, String>, AppError> {
        let mut fields =
            BTreeMap::from([(IdeaField::Site, required(IdeaField::Site, &site.site)?)]);
        if let Some(status) = &site.status {
            fields.insert(status_field, required(status_field, status)?);
        }
        if let Some(lead) = &site.local_lead {
            fields.insert(
                IdeaField::LocalLead,
                self.member(store, lead, IdeaField::LocalLead)?.to_string(),
            );
        }
        for (field, value) in [(IdeaField::Start, &site.start), (IdeaField::End, &site.end)] {
            if let Some(v) = value {
                fields.insert(field, validate_date(field, v)?);
            }
        }
        Ok(fields)
    }
}
