// Scores and reviewers: plain async functions over the generated bindings.
import { commands } from "../bindings";
import type { QueueItem, ScoresView_Serialize } from "../bindings";
import { unwrap } from "./ideas";

/** An idea's scores as this person may see them. */
export type ScoresView = ScoresView_Serialize;

export const ideaScores = (id: string): Promise<ScoresView> => unwrap(commands.ideaScores(id));

export const scoreIdea = (id: string, scores: Record<string, number | null>, note: string): Promise<ScoresView> =>
  unwrap(commands.scoreIdea(id, scores, note));

export const assignReviewer = (id: string, reviewer: string): Promise<string[]> =>
  unwrap(commands.assignReviewer(id, reviewer));

export const recordConsensus = (id: string, note: string): Promise<ScoresView> =>
  unwrap(commands.recordConsensus(id, note));

export type { QueueItem };

export const reviewQueue = (): Promise<QueueItem[]> => unwrap(commands.reviewQueue());
