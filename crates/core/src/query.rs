//! What the Ideas table asks for: filters, an order and a page. The store answers it in
//! SQL, so a window holds one page, never the whole pipeline.

use serde::{Deserialize, Serialize};
use specta::Type;

use chrono::{DateTime, Utc};

use crate::{DecisionRecord, Idea, IdeaId, Stage};

/// How many rows a page holds unless asked otherwise, and the most it may hold.
pub const PER_PAGE: u32 = 50;
pub const MAX_PER_PAGE: u32 = 200;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(rename_all = "snake_case")]
pub enum IdeaSort {
    #[default]
    Newest,
    Oldest,
    Title,
    Supported,
    /// Highest weighted score first; unscored ideas last.
    Score,
}

/// A period of whole days, both ends included, written YYYY-MM-DD.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct Period {
    pub from: String,
    pub to: String,
}

/// A stage and a period: ideas that entered (or left) it then.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StageWindow {
    pub stage: Stage,
    pub from: String,
    pub to: String,
}

/// One page of ideas. Every filter is optional; none set is every live idea.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize, Type)]
#[serde(default)]
pub struct IdeaQuery {
    pub stage: Option<Stage>,
    /// Exactly as entered.
    pub site: Option<String>,
    pub tag: Option<String>,
    /// Words to find in the title, problem or solution, as typed into a search box.
    pub text: Option<String>,
    /// Only this actor's ideas (*My ideas*), merged duplicates included.
    pub submitted_by: Option<String>,
    /// Only ideas submitted in the last this-many days.
    pub within_days: Option<u32>,
    /// Only the duplicates merged into this idea (and not unmerged).
    pub merged_into: Option<String>,
    /// Only ideas at one of these stages (with `stage`, both must hold).
    pub stages: Vec<Stage>,
    /// Only ideas from this department, exactly as entered.
    pub department: Option<String>,
    /// Only ideas that entered a stage in a period (submitted, for Submitted).
    pub entered: Option<StageWindow>,
    /// Only ideas that left a stage in a period, by a decision that took effect.
    pub left: Option<StageWindow>,
    /// Only ideas with a gate decision that took effect in a period.
    pub decided: Option<Period>,
    /// Only ideas at their stage for longer than this many days.
    pub waiting_days: Option<u32>,
    /// Only these ideas (a figure worked out idea by idea, such as POCs off track); an
    /// empty list is no ideas.
    pub ids: Option<Vec<String>>,
    /// Also duplicates merged into other ideas.
    pub include_merged: bool,
    pub sort: IdeaSort,
    /// Counting from 1; a page past the end is the last page.
    pub page: u32,
    /// Rows per page: [`PER_PAGE`] when 0, at most [`MAX_PER_PAGE`].
    pub per_page: u32,
}

impl IdeaQuery {
    pub fn rows_per_page(&self) -> u32 {
        match self.per_page {
            0 => PER_PAGE,
            n => n.min(MAX_PER_PAGE),
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct StageCount {
    pub stage: Stage,
    pub count: u32,
}

/// One page of ideas: whole ideas for the CLI and the export, [`IdeaRow`]s for a window.
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct IdeaPage<T = Idea> {
    pub ideas: Vec<T>,
    /// Ideas matching every filter.
    pub total: u32,
    /// The page shown (from 1) and how many there are (at least 1).
    pub page: u32,
    pub pages: u32,
    pub per_page: u32,
    /// For each stage with ideas, how many match every filter but the stage.
    pub by_stage: Vec<StageCount>,
}

impl<T> IdeaPage<T> {
    /// The same page, each idea made into something else.
    pub fn map<U>(self, f: impl FnMut(T) -> U) -> IdeaPage<U> {
        IdeaPage {
            ideas: self.ideas.into_iter().map(f).collect(),
            total: self.total,
            page: self.page,
            pages: self.pages,
            per_page: self.per_page,
            by_stage: self.by_stage,
        }
    }
}

/// An idea as a list shows it (a table's row, a board's card, a search result): all but
/// its long texts, so a page of 50 stays small however much people wrote (a problem may
/// run to 20 000 characters).
#[derive(Clone, Debug, PartialEq, Serialize, Deserialize, Type)]
pub struct IdeaRow {
    pub id: IdeaId,
    pub title: String,
    pub author: String,
    pub site: String,
    pub department: String,
    pub stage: Stage,
    pub supporters: u32,
    /// As on [`Idea::score`]: withheld from a reviewer still to give their own.
    pub score: Option<f64>,
    pub merged_into: Option<IdeaId>,
    pub last_decision: Option<DecisionRecord>,
    pub created_at: DateTime<Utc>,
}

impl From<Idea> for IdeaRow {
    fn from(i: Idea) -> Self {
        IdeaRow {
            id: i.id,
            title: i.title,
            author: i.author,
            site: i.site,
            department: i.department,
            stage: i.stage,
            supporters: i.supporters,
            score: i.score,
            merged_into: i.merged_into,
            last_decision: i.last_decision,
            created_at: i.created_at,
        }
    }
}

/// What changed on one of a person's ideas since they last looked at *My ideas*.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize, Type)]
pub struct IdeaNews {
    pub idea: crate::IdeaId,
    /// A gate decision someone else took.
    pub decided: bool,
    /// Comments and shows of support from other people.
    pub comments: u32,
    pub supporters: u32,
}
