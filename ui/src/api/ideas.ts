// The only module (with ./updates) that talks to the generated bindings: components get
// plain async functions that return data or throw a SproutError.
import { commands } from "../bindings";
import type {
  Decision,
  Draft,
  Comment,
  IdeaField,
  IdeaPage as PageOf,
  IdeaPatch_Deserialize,
  IdeaQuery_Deserialize,
  IdeaRow_Serialize,
  IdeaSort,
  Idea_Serialize,
  NewIdea_Deserialize,
  SimilarIdea,
  Stage,
  TimelineEntry,
} from "../bindings";
import { SproutError } from "./errors";

/** An idea as the backend sends it. */
export type Idea = Idea_Serialize;
/** What the backend accepts for a new idea and for a change to one. */
export type NewIdea = NewIdea_Deserialize;
export type IdeaPatch = IdeaPatch_Deserialize;
export type { Comment, Decision, Draft, IdeaSort, SimilarIdea, Stage, TimelineEntry };
/** An idea as a list shows it: everything but its long texts. */
export type IdeaRow = IdeaRow_Serialize;
/** What a list asks the store for, and the page of rows it gets back. */
export type IdeaQuery = IdeaQuery_Deserialize;
export type IdeaPage = PageOf<IdeaRow>;

type CommandResult<T> = { status: "ok"; data: T } | { status: "error"; error: unknown };

export async function unwrap<T>(call: Promise<CommandResult<T>>): Promise<T> {
  let result: CommandResult<T>;
  try {
    result = await call;
  } catch (e) {
    throw SproutError.from(e);
  }
  if (result.status === "error") throw SproutError.from(result.error);
  return result.data;
}

/** One page of ideas as rows, filtered, sorted and counted by the store. */
export const ideaPage = (query: IdeaQuery): Promise<IdeaPage> => unwrap(commands.ideaPage(query));

export const getIdea = (id: string): Promise<Idea> => unwrap(commands.getIdea(id));

/** An idea's comments and shows of support, oldest first. */
export const listComments = (id: string): Promise<Comment[]> => unwrap(commands.listComments(id));

export const commentOnIdea = (id: string, text: string): Promise<Comment> =>
  unwrap(commands.commentOnIdea(id, text));

export const addIdea = (idea: NewIdea): Promise<Idea> => unwrap(commands.addIdea(idea));

export const editIdea = (id: string, patch: IdeaPatch): Promise<Idea> =>
  unwrap(commands.editIdea(id, patch));

export async function startupProblem(): Promise<SproutError | null> {
  const problem = await unwrap(commands.startupProblem());
  return problem ? SproutError.from(problem) : null;
}

export const decideIdea = (id: string, decision: Decision, rationale: string): Promise<Idea> =>
  unwrap(commands.decideIdea(id, decision, rationale));

/** Keeps `owner`'s typing (null: whoever is using Sprout); refused once someone else is. */
export const saveDraft = (idea: NewIdea, owner: string | null = null): Promise<null> =>
  unwrap(commands.saveDraft(owner, idea));

export const loadDraft = (): Promise<Draft | null> => unwrap(commands.loadDraft());

export const similarIdeas = (title: string, problem: string): Promise<SimilarIdea[]> =>
  unwrap(commands.similarIdeas(title, problem));

export const supportIdea = (id: string, comment: string): Promise<Idea> =>
  unwrap(commands.supportIdea(id, comment));

export const ideaTimeline = (id: string): Promise<TimelineEntry[]> => unwrap(commands.ideaTimeline(id));

/** Framework answers by field name (only the ones given). */
export type Framework = Partial<Record<IdeaField, string>>;

export const ideaFramework = (id: string): Promise<Framework> => unwrap(commands.ideaFramework(id));

export const setFramework = (id: string, field: IdeaField, value: string): Promise<Framework> =>
  unwrap(commands.setFramework(id, field, value));

export const mergeIdea = (id: string, into: string): Promise<Idea> => unwrap(commands.mergeIdea(id, into));

export const unmergeIdea = (id: string): Promise<Idea> => unwrap(commands.unmergeIdea(id));

import type { BulkOutcome, GateView_Serialize, IdeaNews } from "../bindings";
export type { BulkOutcome, IdeaNews };
/** An idea's gate as the backend sends it. */
export type GateView = GateView_Serialize;

/** The decisions open at an idea's gate, each with its must-meet criteria, met or not. */
export const ideaGate = (id: string): Promise<GateView> => unwrap(commands.ideaGate(id));

/** One decision with one rationale for many ideas; refusals are reported, not thrown. */
export const decideIdeas = (ids: string[], decision: Decision, rationale: string): Promise<BulkOutcome> =>
  unwrap(commands.decideIdeas(ids, decision, rationale));

export const assignReviewerToIdeas = (ids: string[], reviewer: string): Promise<BulkOutcome> =>
  unwrap(commands.assignReviewerToIdeas(ids, reviewer));

/** What changed on this person's ideas since they last looked at My ideas. */
export const myIdeaNews = (): Promise<IdeaNews[]> => unwrap(commands.myIdeaNews());

export const markMyIdeasSeen = (): Promise<null> => unwrap(commands.markMyIdeasSeen());

/** Every problem with an idea as typed (not only the first), for a form's error summary. */
export const checkIdea = async (idea: NewIdea): Promise<SproutError[]> =>
  (await unwrap(commands.checkIdea(idea))).map((e) => SproutError.from(e));
