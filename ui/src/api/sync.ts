import { commands, events } from "../bindings";
import type { ConflictView, IdeaField, ProblemView, SyncStatus_Serialize } from "../bindings";
import { subscribe } from "./events";
import { unwrap } from "./ideas";

export type SyncStatus = SyncStatus_Serialize;
export type { ConflictView, ProblemView };

export const syncStatus = (): Promise<SyncStatus> => unwrap(commands.syncStatus());

export const syncNow = (): Promise<null> => unwrap(commands.syncNow());

export const listConflicts = (): Promise<ConflictView[]> => unwrap(commands.listConflicts());

export const listHubProblems = (): Promise<ProblemView[]> => unwrap(commands.listHubProblems());

export const onSyncStatus = (listener: (status: SyncStatus) => void): (() => void) =>
  subscribe(events.syncStatusChanged, listener);

/** Ideas arrived from other devices. */
export const onIdeasChanged = (listener: () => void): (() => void) =>
  subscribe(events.ideasChanged, () => listener());

/** A lead keeps one of the competing values. */
export const resolveConflict = (idea: string, field: IdeaField, value: string): Promise<unknown> =>
  unwrap(commands.resolveConflict(idea, field, value));
