// The session: who is using Sprout on this PC and what they may do, the people on this PC
// and on the hub, PCs waiting to join, news on their ideas, and the sync and update status.
// One module, read by the shell and by places; the backend's events keep it current
// (events.ts).
import { myIdeaNews, startupProblem } from "../api/ideas";
import { listPeople } from "../api/people";
import { listJoinRequests, listMembers, sharing } from "../api/sharing";
import type { MemberView, SharingView } from "../api/sharing";
import { syncStatus } from "../api/sync";
import type { SyncStatus } from "../api/sync";
import { updateStatus } from "../api/updates";
import type { UpdateStatus } from "../api/updates";
import { SproutError, errorText } from "../api/errors";
import type { Capabilities } from "../bindings";
import { lasting } from "./query.svelte";
import { tag } from "./tags";

/** What someone may do before the backend has said: nothing. */
export const NOTHING: Capabilities = {
  decide: false,
  review: false,
  plan_poc: false,
  edit_any_idea: false,
  import_ideas: false,
  run_partnerships: false,
  record_benefits: false,
  approve_joins: false,
  revoke_members: false,
  change_settings: false,
  grantable_roles: [],
};

class Session {
  /** Why the data folder could not be opened, if it could not. */
  startupError = $state<string | null>(null);
  sync = $state<SyncStatus>({
    state: { state: "starting" },
    hub_name: null,
    conflicts: 0,
    problems: 0,
    waiting_for_approval: false,
    approved_other_key: false,
    revoked: false,
    on_this_pc_only: false,
  });
  update = $state<UpdateStatus>({ state: "not_configured" });
  /** Someone asked to unlock the acting person's roles (the header's "roles locked"). */
  unlocking = $state(false);

  readonly view = lasting<SharingView>(sharing, [tag.sharing()]);
  readonly people = lasting(listPeople, [tag.people(), tag.sharing()]);
  // Read from the hub, which may be a network share out of reach: they arrive when it
  // answers, and the sync indicator says when it cannot.
  readonly members = lasting<MemberView[]>(
    () => (this.#readsHub() ? listMembers() : Promise.resolve([])),
    [tag.members(), tag.sharing()],
  );
  readonly requests = lasting(
    () => (this.#readsHub() ? listJoinRequests() : Promise.resolve([])),
    [tag.requests(), tag.sharing()],
  );
  readonly news = lasting(myIdeaNews, [tag.news(), tag.idea()]);

  #beforeSwitch = new Set<() => Promise<void>>();

  #readsHub(): boolean {
    const v = this.view.data;
    return v !== null && v.may.approve_joins && !v.on_this_pc_only;
  }

  /** What the acting person may do; nothing until the backend has said. */
  get may(): Capabilities {
    return this.view.data?.may ?? NOTHING;
  }

  get actor(): string | null {
    return this.view.data?.actor ?? null;
  }

  /** Whether Sprout still has to ask who is using it; null until it knows. */
  get firstRun(): boolean | null {
    if (this.view.data) return this.view.data.person === "";
    return this.view.failure || this.startupError ? false : null;
  }

  /** Hub members a lead may ask to score an idea. */
  get reviewers(): MemberView[] {
    return (this.members.data ?? []).filter((m) => m.may_be_asked_to_review);
  }

  async start(): Promise<void> {
    void updateStatus().then((s) => (this.update = s), () => {});
    void syncStatus().then((s) => (this.sync = s), () => {});
    // Who this is comes from this PC and is shown at once, asked beside the startup check
    // (one round trip, not two); the hub's lists follow.
    const [problem] = await Promise.all([
      startupProblem().catch((e: unknown) => SproutError.from(e)),
      this.view.run(),
      this.people.run(),
      this.news.run(),
    ]);
    this.startupError = problem ? errorText(problem) : null;
    await Promise.all([this.members.run(), this.requests.run()]);
  }

  /** Called before the person using Sprout changes, to keep what they typed (a draft). */
  beforeSwitch(keep: () => Promise<void>): () => void {
    this.#beforeSwitch.add(keep);
    return () => this.#beforeSwitch.delete(keep);
  }

  /** Everything on screen belongs to the person using Sprout: after a switch the window
   *  starts afresh as the new person, once what the last one typed is kept. */
  async become(change: () => Promise<unknown>): Promise<void> {
    await Promise.all([...this.#beforeSwitch].map((keep) => keep().catch(() => {})));
    await change();
    location.hash = "#/";
    location.reload();
  }
}

export const session = new Session();
