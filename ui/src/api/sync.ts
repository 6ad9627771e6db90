import { commands, events } from "../bindings";
import type { Arrived, ConflictView, IdeaField, ProblemView, SyncStatus_Serialize } from "../bindings";
import { subscribe } from "./events";
import { unwrap } from "./ideas";
import type { Idea } from "./ideas";

export type SyncStatus = SyncStatus_Serialize;
export type { Arrived, ConflictView, ProblemView };

export const syncStatus = (): Promise<SyncStatus> => unwrap(commands.syncStatus());

export const syncNow = (): Promise<null> => unwrap(commands.syncNow());

export const listConflicts = (): Promise<ConflictView[]> => unwrap(commands.listConflicts());

export const listHubProblems = (): Promise<ProblemView[]> => unwrap(commands.listHubProblems());

export const onSyncStatus = (listener: (status: SyncStatus) => void): (() => void) =>
  subscribe(events.syncStatusChanged, listener);

/** Changes arrived from other devices: which ideas they concern, or everything. */
export const onIdeasChanged = (listener: (arrived: Arrived) => void): (() => void) =>
  subscribe(events.ideasChanged, listener);

/** A lead keeps one of the competing values. */
export const resolveConflict = (idea: string, field: IdeaField, value: string): Promise<Idea> =>
  unwrap(commands.resolveConflict(idea, field, value));
