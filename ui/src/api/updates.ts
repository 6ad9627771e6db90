import { commands, events } from "../bindings";
import type { UpdateStatus_Serialize } from "../bindings";
import { subscribe } from "./events";
import { unwrap } from "./ideas";

export type UpdateStatus = UpdateStatus_Serialize;

export const updateStatus = (): Promise<UpdateStatus> => unwrap(commands.updateStatus());

export const installUpdate = (): Promise<null> => unwrap(commands.installUpdate());

export const onUpdateStatus = (listener: (status: UpdateStatus) => void): (() => void) =>
  subscribe(events.updateStatusChanged, listener);
