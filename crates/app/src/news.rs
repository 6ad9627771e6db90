//! What changed on a person's own ideas since they last looked at *My ideas*: a gate
//! decision, a comment, a supporter. "Last looked" is a mark in this device's op log, kept
//! per person, so each person sharing a ward PC has their own.

use sprout_core::IdeaNews;

use crate::Sprout;
use crate::error::AppError;

fn seen_key(actor: &str) -> String {
    format!("my_ideas_seen:{actor}")
}

impl Sprout {
    /// The acting person's ideas that changed since they last looked, newest first.
    pub fn my_news(&self) -> Result<Vec<IdeaNews>, AppError> {
        let store = self.store()?;
        let actor = store.actor().to_string();
        // Someone who never looked has seen everything up to now: a first look at My ideas
        // should not call every old comment news.
        let mark = match store.setting(&seen_key(&actor))? {
            Some(mark) => mark.parse().unwrap_or(0),
            None => {
                let now = store.arrival_mark()?;
                store.set_setting(&seen_key(&actor), Some(&now.to_string()))?;
                now
            }
        };
        Ok(store.news_since(&actor, mark)?)
    }

    /// The acting person has now seen everything on their ideas.
    pub fn mark_my_ideas_seen(&self) -> Result<(), AppError> {
        let store = self.store()?;
        let actor = store.actor().to_string();
        let now = store.arrival_mark()?;
        Ok(store.set_setting(&seen_key(&actor), Some(&now.to_string()))?)
    }
}
