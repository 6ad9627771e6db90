// The domain's words and moves as Rust defines them: ui/src/vocabulary.json is written by
// the `vocabulary_is_current` test in src-tauri from `sprout_core::vocabulary()`, and CI
// fails if it is stale. Nothing here is a second copy of a rule.
import raw from "../vocabulary.json";
import type { BenefitState, Decision, FrameworkQuestion, IdeaField, IdeaSort, PartnershipStage, Role, Stage, Vocabulary } from "../bindings";

const words = raw as Vocabulary;

/** Stages in pipeline order. */
export const STAGES: Stage[] = words.stages.map((s) => s.stage);

/** The stages from Submitted to Adopt & spread, without Parked and Declined. */
export const MAIN_LINE: Stage[] = words.stages.filter((s) => s.main_line).map((s) => s.stage);

/** Stages as people say them. */
export const STAGE_LABELS = Object.fromEntries(words.stages.map((s) => [s.stage, s.label])) as Record<Stage, string>;

/** Decisions as a lead reads them when choosing. */
export const DECISION_LABELS = Object.fromEntries(words.decisions.map((d) => [d.decision, d.label])) as Record<
  Decision,
  string
>;

/** What happens next to an idea at `stage`, for the person who shared it. */
export function nextStep(stage: Stage): string {
  return words.stages.find((s) => s.stage === stage)?.next ?? "";
}

/** Whether an idea at `stage` has a POC record. */
export function hasPoc(stage: Stage): boolean {
  return words.stages.find((s) => s.stage === stage)?.has_poc ?? false;
}

/** A decision's short name, "Go", as a table or a decided idea shows it. */
export function decisionName(decision: Decision): string {
  return DECISION_LABELS[decision].split(":")[0] ?? decision;
}

/** The framework questions, in the order the idea's page asks them. */
export const FRAMEWORK: FrameworkQuestion[] = words.framework;

/** The decision that takes an idea from `from` to `to` in one move, if one does. */
export function decisionFor(from: Stage, to: Stage): Decision | null {
  return words.moves.find((m) => m.from === from && m.to === to)?.decision ?? null;
}

/** The answers a POC or partnership field allows, as stored and as read, from Rust. */
export function pocChoices(field: IdeaField): { key: string; label: string }[] {
  return [...words.poc_choices, ...words.partner_choices, ...words.benefit_choices].find((c) => c.field === field)?.choices ?? [];
}

/** A partnership's stages in order. */
export const PARTNERSHIP_STAGES: PartnershipStage[] = words.partnership_stages.map((s) => s.stage);

/** A partnership's stages as people say them. */
export const PARTNERSHIP_STAGE_LABELS = Object.fromEntries(
  words.partnership_stages.map((s) => [s.stage, s.label]),
) as Record<PartnershipStage, string>;

/** A benefit's states in order. */
export const BENEFIT_STATES: BenefitState[] = words.benefit_states.map((s) => s.state);

/** A benefit's states as people say them. */
export const BENEFIT_STATE_LABELS = Object.fromEntries(words.benefit_states.map((s) => [s.state, s.label])) as Record<
  BenefitState,
  string
>;

/** A POC field's stored answer as people read it. */
export function choiceLabel(field: IdeaField, key: string | null | undefined): string {
  if (!key) return "";
  return pocChoices(field).find((c) => c.key === key || c.key === key.replaceAll("_", "-"))?.label ?? key;
}

/** Who a problem may affect, as the idea form offers it. */
export const AFFECTED: { key: string; label: string }[] = words.affects;

/** A reviewer's answers for a criterion: 1 to 5, or unable to assess (key "unable"). */
export const SCORE_SCALE: { key: string; label: string }[] = words.score_scale;

/** The Ideas table's orders, as people read them. */
export const SORTS: { sort: IdeaSort; label: string }[] = words.sorts;

/** Roles as an approver chooses them. */
export const ROLE_LABELS = Object.fromEntries(words.roles.map((r) => [r.role, r.label])) as Record<Role, string>;

/** Who holds a capability, in a sentence's words: "reviewers, leads and admins". */
export function holders(capability: string): string {
  return words.holders.find((h) => h.capability === capability)?.who ?? "people with another role";
}

/** The assurance levels a board paper's cover sheet states, the usual one second. */
export const ASSURANCE_LEVELS: string[] = words.assurance_levels;
