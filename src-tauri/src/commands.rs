//! Commands the UI calls. Each is a one-line adapter over `sprout-app`; async so that
//! database work never runs on the UI thread.

use sprout_app::{
    ActorId, AppError, BulkOutcome, Comment, ConflictView, Decision, Draft, GateView, HubSummary,
    Idea, IdeaField, IdeaId, IdeaNews, IdeaPage, IdeaPatch, IdeaQuery, IdeaRow, JoinRequestView,
    MemberView, NewIdea, PersonView, ProblemView, QueueItem, Role, ScoresView, SharingView,
    SimilarIdea, SyncStatus, TimelineEntry,
};
use tauri::State;

use crate::Backend;
use crate::updates::{UpdateStatus, Updates};

/// One page of ideas as rows (the Ideas table, the board, My ideas, merging's search),
/// filtered, sorted and counted by the store.
#[tauri::command]
#[specta::specta]
pub async fn idea_page(
    backend: State<'_, Backend>,
    query: IdeaQuery,
) -> Result<IdeaPage<IdeaRow>, AppError> {
    backend.sprout()?.idea_rows(&query)
}

#[tauri::command]
#[specta::specta]
pub async fn get_idea(backend: State<'_, Backend>, id: IdeaId) -> Result<Idea, AppError> {
    backend.sprout()?.idea(id)
}

#[tauri::command]
#[specta::specta]
pub async fn add_idea(backend: State<'_, Backend>, idea: NewIdea) -> Result<Idea, AppError> {
    backend.sprout()?.add_idea(&idea)
}

#[tauri::command]
#[specta::specta]
pub async fn edit_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    patch: IdeaPatch,
) -> Result<Idea, AppError> {
    backend.sprout()?.edit_idea(id, &patch)
}

/// Why the data folder could not be opened, if it could not: shown as a banner.
#[tauri::command]
#[specta::specta]
pub async fn startup_problem(backend: State<'_, Backend>) -> Result<Option<AppError>, AppError> {
    Ok(backend.sprout().err())
}

#[tauri::command]
#[specta::specta]
pub async fn update_status(updates: State<'_, Updates>) -> Result<UpdateStatus, AppError> {
    Ok(updates.status())
}

#[tauri::command]
#[specta::specta]
pub async fn install_update(app: tauri::AppHandle) -> Result<(), AppError> {
    crate::updates::install(app).await
}

#[tauri::command]
#[specta::specta]
pub async fn sync_status(sync: State<'_, crate::sync::Sync>) -> Result<SyncStatus, AppError> {
    Ok(sync.status())
}

#[tauri::command]
#[specta::specta]
pub async fn sync_now(sync: State<'_, crate::sync::Sync>) -> Result<(), AppError> {
    sync.sync_now();
    Ok(())
}

#[tauri::command]
#[specta::specta]
pub async fn list_conflicts(backend: State<'_, Backend>) -> Result<Vec<ConflictView>, AppError> {
    backend.sprout()?.conflicts()
}

#[tauri::command]
#[specta::specta]
pub async fn list_hub_problems(backend: State<'_, Backend>) -> Result<Vec<ProblemView>, AppError> {
    backend.sprout()?.hub_problems()
}

/// A lead settles a conflict by keeping one of the competing values.
#[tauri::command]
#[specta::specta]
pub async fn resolve_conflict(
    backend: State<'_, Backend>,
    idea: IdeaId,
    field: IdeaField,
    value: String,
) -> Result<Idea, AppError> {
    backend.sprout()?.resolve_conflict(idea, field, &value)
}

#[tauri::command]
#[specta::specta]
pub async fn sharing(backend: State<'_, Backend>) -> Result<SharingView, AppError> {
    backend.sprout()?.sharing()
}

#[tauri::command]
#[specta::specta]
pub async fn join_shared_hub(
    backend: State<'_, Backend>,
    folder: String,
    person: String,
    site: String,
) -> Result<HubSummary, AppError> {
    backend.sprout()?.join_shared_hub(std::path::Path::new(&folder), &person, &site)
}

#[tauri::command]
#[specta::specta]
pub async fn list_join_requests(
    backend: State<'_, Backend>,
) -> Result<Vec<JoinRequestView>, AppError> {
    backend.sprout()?.hub_requests()
}

#[tauri::command]
#[specta::specta]
pub async fn approve_join_request(
    backend: State<'_, Backend>,
    actor: ActorId,
    role: Role,
) -> Result<(), AppError> {
    backend.sprout()?.hub_approve(actor, role)
}

/// Everyone on the hub, revoked people included, for leads and admins.
#[tauri::command]
#[specta::specta]
pub async fn list_members(backend: State<'_, Backend>) -> Result<Vec<MemberView>, AppError> {
    backend.sprout()?.hub_members()
}

/// An admin stops accepting a person's future work (a lost PC, someone who left).
#[tauri::command]
#[specta::specta]
pub async fn revoke_member(backend: State<'_, Backend>, actor: ActorId) -> Result<(), AppError> {
    backend.sprout()?.hub_revoke(actor)
}

/// A lead's decision at the gate an idea stands at, with the reason the submitter reads.
#[tauri::command]
#[specta::specta]
pub async fn decide_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    decision: Decision,
    rationale: String,
) -> Result<Idea, AppError> {
    backend.sprout()?.decide(id, decision, &rationale)
}

/// Keeps what the person has typed so far (every few seconds while they type).
#[tauri::command]
#[specta::specta]
pub async fn save_draft(
    backend: State<'_, Backend>,
    owner: Option<String>,
    idea: NewIdea,
) -> Result<(), AppError> {
    backend.sprout()?.save_draft_of(owner.as_deref(), &idea)
}

#[tauri::command]
#[specta::specta]
pub async fn load_draft(backend: State<'_, Backend>) -> Result<Option<Draft>, AppError> {
    backend.sprout()?.draft()
}

#[tauri::command]
#[specta::specta]
pub async fn discard_draft(backend: State<'_, Backend>) -> Result<(), AppError> {
    backend.sprout()?.discard_draft()
}

/// Ideas from every site that look like the one being typed.
#[tauri::command]
#[specta::specta]
pub async fn similar_ideas(
    backend: State<'_, Backend>,
    title: String,
    problem: String,
) -> Result<Vec<SimilarIdea>, AppError> {
    backend.sprout()?.similar_ideas(&title, &problem)
}

/// An idea's comments and shows of support, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn list_comments(
    backend: State<'_, Backend>,
    id: IdeaId,
) -> Result<Vec<Comment>, AppError> {
    backend.sprout()?.comments(id)
}

/// A comment on an idea, as the person using Sprout.
#[tauri::command]
#[specta::specta]
pub async fn comment_on_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    text: String,
) -> Result<Comment, AppError> {
    backend.sprout()?.comment_on_idea(id, &text)
}

/// "+1, we see this too": support for an existing idea instead of a duplicate.
#[tauri::command]
#[specta::specta]
pub async fn support_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    comment: String,
) -> Result<Idea, AppError> {
    backend.sprout()?.support_idea(id, &comment)
}

/// Who did what to an idea, when and from which PC, oldest first.
#[tauri::command]
#[specta::specta]
pub async fn idea_timeline(
    backend: State<'_, Backend>,
    id: IdeaId,
) -> Result<Vec<TimelineEntry>, AppError> {
    backend.sprout()?.timeline(id)
}

/// An idea's scores as this person may see them (blind until they have scored, if asked).
#[tauri::command]
#[specta::specta]
pub async fn idea_scores(backend: State<'_, Backend>, id: IdeaId) -> Result<ScoresView, AppError> {
    backend.sprout()?.scores(id)
}

/// This person's scores for an idea: each criterion 1 to 5, or null for "unable to assess".
#[tauri::command]
#[specta::specta]
pub async fn score_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    scores: std::collections::BTreeMap<String, Option<u8>>,
    note: String,
) -> Result<ScoresView, AppError> {
    backend.sprout()?.score_idea(id, &scores, &note)
}

/// A lead asks a reviewer (by actor id) to score an idea.
#[tauri::command]
#[specta::specta]
pub async fn assign_reviewer(
    backend: State<'_, Backend>,
    id: IdeaId,
    reviewer: String,
) -> Result<Vec<String>, AppError> {
    backend.sprout()?.assign_reviewer(id, &reviewer)
}

/// A lead's note settling reviewers' disagreement.
#[tauri::command]
#[specta::specta]
pub async fn record_consensus(
    backend: State<'_, Backend>,
    id: IdeaId,
    note: String,
) -> Result<ScoresView, AppError> {
    backend.sprout()?.record_consensus(id, &note)
}

/// An idea's framework answers, by field name.
#[tauri::command]
#[specta::specta]
pub async fn idea_framework(
    backend: State<'_, Backend>,
    id: IdeaId,
) -> Result<std::collections::BTreeMap<IdeaField, String>, AppError> {
    backend.sprout()?.framework(id)
}

/// Sets one framework answer (empty clears it); returns them all.
#[tauri::command]
#[specta::specta]
pub async fn set_framework(
    backend: State<'_, Backend>,
    id: IdeaId,
    field: IdeaField,
    value: String,
) -> Result<std::collections::BTreeMap<IdeaField, String>, AppError> {
    backend.sprout()?.set_framework(id, field, &value)
}

/// A lead folds a duplicate into the idea it repeats.
#[tauri::command]
#[specta::specta]
pub async fn merge_idea(
    backend: State<'_, Backend>,
    id: IdeaId,
    into: IdeaId,
) -> Result<Idea, AppError> {
    backend.sprout()?.merge_idea(id, into)
}

/// Undoes a merge.
#[tauri::command]
#[specta::specta]
pub async fn unmerge_idea(backend: State<'_, Backend>, id: IdeaId) -> Result<Idea, AppError> {
    backend.sprout()?.unmerge_idea(id)
}

/// The ideas this person was asked to score: to do, then done.
#[tauri::command]
#[specta::specta]
pub async fn review_queue(backend: State<'_, Backend>) -> Result<Vec<QueueItem>, AppError> {
    backend.sprout()?.review_queue()
}

#[tauri::command]
#[specta::specta]
pub async fn list_people(backend: State<'_, Backend>) -> Result<Vec<PersonView>, AppError> {
    backend.sprout()?.people()
}

/// The first run: who is using Sprout on this PC (with a passphrase, to lead or administer).
#[tauri::command]
#[specta::specta]
pub async fn start_using_sprout(
    backend: State<'_, Backend>,
    name: String,
    site: String,
    passphrase: Option<String>,
) -> Result<PersonView, AppError> {
    backend.sprout()?.start_using(&name, &site, passphrase.as_deref())
}

#[tauri::command]
#[specta::specta]
pub async fn add_person(
    backend: State<'_, Backend>,
    name: String,
    passphrase: Option<String>,
) -> Result<PersonView, AppError> {
    backend.sprout()?.add_person(&name, passphrase.as_deref())
}

#[tauri::command]
#[specta::specta]
pub async fn switch_person(
    backend: State<'_, Backend>,
    actor: String,
    passphrase: Option<String>,
) -> Result<PersonView, AppError> {
    backend.sprout()?.switch_person(&actor, passphrase.as_deref())
}

/// The decisions open at an idea's gate, each with its must-meet criteria, met or not.
#[tauri::command]
#[specta::specta]
pub async fn idea_gate(backend: State<'_, Backend>, id: IdeaId) -> Result<GateView, AppError> {
    backend.sprout()?.gate(id)
}

/// One decision, with one rationale, for many ideas chosen in the Ideas table.
#[tauri::command]
#[specta::specta]
pub async fn decide_ideas(
    backend: State<'_, Backend>,
    ids: Vec<IdeaId>,
    decision: Decision,
    rationale: String,
) -> Result<BulkOutcome, AppError> {
    backend.sprout()?.decide_many(&ids, decision, &rationale)
}

/// One reviewer asked to score many ideas chosen in the Ideas table.
#[tauri::command]
#[specta::specta]
pub async fn assign_reviewer_to_ideas(
    backend: State<'_, Backend>,
    ids: Vec<IdeaId>,
    reviewer: String,
) -> Result<BulkOutcome, AppError> {
    backend.sprout()?.assign_reviewer_many(&ids, &reviewer)
}

/// What changed on the acting person's ideas since they last looked at My ideas.
#[tauri::command]
#[specta::specta]
pub async fn my_idea_news(backend: State<'_, Backend>) -> Result<Vec<IdeaNews>, AppError> {
    backend.sprout()?.my_news()
}

/// The acting person has looked at My ideas: what was new is now seen.
#[tauri::command]
#[specta::specta]
pub async fn mark_my_ideas_seen(backend: State<'_, Backend>) -> Result<(), AppError> {
    backend.sprout()?.mark_my_ideas_seen()
}

/// Every problem with an idea as typed, for a form's error summary.
#[tauri::command]
#[specta::specta]
pub async fn check_idea(
    backend: State<'_, Backend>,
    idea: NewIdea,
) -> Result<Vec<AppError>, AppError> {
    backend.sprout()?.idea_problems(&idea)
}
