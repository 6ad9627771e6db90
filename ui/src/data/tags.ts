// What a query reads and what a change invalidates, named by kind of data and, where it is
// about one idea, that idea's id. A tag without an id means "any of this kind": a list of
// ideas reads `idea` and is invalidated when any one idea changes; a page reading
// `idea:X` is invalidated by a change to X or to every idea, never by one to Y.

export type Kind =
  | "idea" // an idea's own record (lists read every idea)
  | "comments"
  | "scores"
  | "framework"
  | "gate"
  | "timeline"
  | "poc"
  | "spread"
  | "queue" // what this person was asked to score
  | "news" // what changed on this person's ideas since they last looked
  | "sharing" // who is using Sprout and what they may do
  | "people" // the people on this PC
  | "members" // the people on the hub
  | "requests" // PCs waiting to join
  | "conflicts"
  | "partnership" // partners, partnerships, their agreements and what is due
  | "benefit"; // an idea's benefits (by the idea's id), the register and its roll-up

export interface Tag {
  readonly kind: Kind;
  readonly id?: string;
}

const of =
  (kind: Kind) =>
  (id?: string): Tag =>
    id === undefined ? { kind } : { kind, id };

export const tag = {
  idea: of("idea"),
  comments: of("comments"),
  scores: of("scores"),
  framework: of("framework"),
  gate: of("gate"),
  timeline: of("timeline"),
  poc: of("poc"),
  spread: of("spread"),
  queue: of("queue"),
  news: of("news"),
  sharing: of("sharing"),
  people: of("people"),
  members: of("members"),
  requests: of("requests"),
  conflicts: of("conflicts"),
  partnership: of("partnership"),
  benefit: of("benefit"),
};

/** Whether a query reading `read` must run again after `changed` changed. */
export function touches(read: Tag, changed: Tag): boolean {
  return read.kind === changed.kind && (read.id === undefined || changed.id === undefined || read.id === changed.id);
}

/** Everything that may change when an op about idea `id` arrives from another PC. */
export function aboutIdea(id: string): Tag[] {
  return (["idea", "comments", "scores", "framework", "gate", "timeline", "poc", "spread", "benefit"] as const).map((k) =>
    of(k)(id),
  );
}

/** Everything an op may change, when too many ideas changed to name them. */
export function everyIdea(): Tag[] {
  return (["idea", "comments", "scores", "framework", "gate", "timeline", "poc", "spread", "queue", "news", "partnership", "benefit"] as const).map(
    (k) => of(k)(),
  );
}

export function describe(t: Tag): string {
  return t.id === undefined ? t.kind : `${t.kind}:${t.id}`;
}
