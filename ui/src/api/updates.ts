import { commands, events } from "../bindings";
import type { UpdateStatus_Serialize } from "../bindings";
import { unwrap } from "./ideas";

export type UpdateStatus = UpdateStatus_Serialize;

export const updateStatus = (): Promise<UpdateStatus> => unwrap(commands.updateStatus());

export const installUpdate = (): Promise<null> => unwrap(commands.installUpdate());

export function onUpdateStatus(listener: (status: UpdateStatus) => void): () => void {
  let stop: (() => void) | null = null;
  let stopped = false;
  void events.updateStatusChanged
    .listen((event) => listener(event.payload))
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
