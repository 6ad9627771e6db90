import type { Event, UnlistenFn } from "@tauri-apps/api/event";

type Listenable<T> = { listen: (cb: (event: Event<T>) => void) => Promise<UnlistenFn> };

/** Subscribes to a backend event; the returned function unsubscribes, even if called
 *  before the subscription has been set up. */
export function subscribe<T>(event: Listenable<T>, listener: (payload: T) => void): () => void {
  let stop: UnlistenFn | null = null;
  let stopped = false;
  void event
    .listen((e) => listener(e.payload))
    .then((unlisten) => {
      if (stopped) unlisten();
      else stop = unlisten;
    });
  return () => {
    stopped = true;
    stop?.();
  };
}
