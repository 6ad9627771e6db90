// The one place backend events become invalidations: changes that arrived from the hub
// re-read what is shown of the ideas they name, a finished sync re-reads the session's
// hub lists, and status events are written into the session.
import { onIdeasChanged, onSyncStatus } from "../api/sync";
import { onUpdateStatus } from "../api/updates";
import { invalidate } from "./query.svelte";
import { session } from "./session.svelte";
import { type Tag, aboutIdea, everyIdea, tag } from "./tags";

export function followBackend(): () => void {
  const stops = [
    onIdeasChanged((arrived) => {
      const stale: Tag[] = arrived.everything ? everyIdea() : arrived.ideas.flatMap(aboutIdea);
      void invalidate(stale);
    }),
    onSyncStatus((status) => {
      session.sync = status;
      if (status.state.state === "up_to_date") {
        void invalidate([tag.sharing(), tag.people(), tag.members(), tag.requests(), tag.conflicts()]);
      }
    }),
    onUpdateStatus((status) => (session.update = status)),
  ];
  return () => stops.forEach((stop) => stop());
}
