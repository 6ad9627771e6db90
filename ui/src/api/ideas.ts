// The only module (with ./updates) that talks to the generated bindings: components get
// plain async functions that return data or throw a SproutError.
import { commands } from "../bindings";
import type { IdeaPatch_Deserialize, Idea_Serialize, NewIdea_Deserialize } from "../bindings";
import { SproutError } from "./errors";

/** An idea as the backend sends it. */
export type Idea = Idea_Serialize;
/** What the backend accepts for a new idea and for a change to one. */
export type NewIdea = NewIdea_Deserialize;
export type IdeaPatch = IdeaPatch_Deserialize;

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

export const listIdeas = (): Promise<Idea[]> => unwrap(commands.listIdeas());

export const searchIdeas = (query: string): Promise<Idea[]> =>
  unwrap(commands.searchIdeas(query));

export const addIdea = (idea: NewIdea): Promise<Idea> => unwrap(commands.addIdea(idea));

export const editIdea = (id: string, patch: IdeaPatch): Promise<Idea> =>
  unwrap(commands.editIdea(id, patch));

export async function startupProblem(): Promise<SproutError | null> {
  const problem = await unwrap(commands.startupProblem());
  return problem ? SproutError.from(problem) : null;
}
