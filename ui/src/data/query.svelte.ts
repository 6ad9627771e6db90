// Reading from the backend. A query owns its arguments and says what it reads (tags.ts);
// it runs again when its arguments change and when a change invalidates what it reads.
// It keeps the answer to its newest request only: an older answer arriving late (a filter
// changed meanwhile) is dropped. On failure it keeps the last data and holds the error.
import { untrack } from "svelte";
import { SproutError, errorText } from "../api/errors";
import { type Tag, describe, touches } from "./tags";

export class Query<T> {
  data = $state<T | null>(null);
  failure = $state<SproutError | null>(null);
  loading = $state(false);
  #latest = 0;
  #load: (() => Promise<T>) | null;
  #reads: Tag[];

  constructor(load: (() => Promise<T>) | null = null, reads: Tag[] = []) {
    this.#load = load;
    this.#reads = reads;
  }

  /** The error as a sentence for the page. */
  get error(): string | null {
    return this.failure ? errorText(this.failure) : null;
  }

  /** What it reads, for the invalidation log and tests. */
  get reads(): string[] {
    return this.#reads.map(describe);
  }

  /** Aims the query at new arguments (see `query`). */
  aim(load: () => Promise<T>, reads: Tag[]): void {
    this.#load = load;
    this.#reads = reads;
  }

  readsAny(changed: Tag[]): boolean {
    return this.#reads.some((r) => changed.some((c) => touches(r, c)));
  }

  async run(): Promise<void> {
    const load = this.#load;
    if (!load) return;
    const request = ++this.#latest;
    this.loading = true;
    try {
      const found = await load();
      if (request !== this.#latest) return;
      this.data = found;
      this.failure = null;
    } catch (e) {
      if (request === this.#latest) this.failure = SproutError.from(e);
    } finally {
      if (request === this.#latest) this.loading = false;
    }
  }

  /** Writes a change's answer in place of a refetch; an answer still on its way is dropped. */
  set(value: T): void {
    this.#latest += 1;
    this.data = value;
    this.failure = null;
    this.loading = false;
  }
}

const live = new Set<Query<unknown>>();

/** Queries that ran again after the last invalidation: for tests and the console. */
export const invalidations: { tags: string[]; reran: string[][] }[] = [];

/** Runs again every live query that reads any of `changed`, but `except` (which a change
 *  has just written its answer into). */
export function invalidate(changed: Tag[], except?: Query<unknown>): Promise<void> {
  const due = [...live].filter((q) => q !== except && q.readsAny(changed));
  invalidations.push({ tags: changed.map(describe), reran: due.map((q) => q.reads) });
  if (invalidations.length > 50) invalidations.shift();
  return Promise.all(due.map((q) => q.run())).then(() => undefined);
}

/** A query for the session's lifetime (who is using Sprout, the sync status): not tied to
 *  a component. */
export function lasting<T>(load: () => Promise<T>, reads: Tag[]): Query<T> {
  const q = new Query<T>(load, reads);
  live.add(q as Query<unknown>);
  return q;
}

/**
 * A query inside a component. `args` reads whatever the query depends on (props, filters):
 * when any of it changes the query runs again; `null` means "not wanted now" (a closed
 * panel). `reads` names what it reads, so a change elsewhere that invalidates it re-runs it.
 * It stops listening when the component goes.
 */
export function query<A, T>(spec: {
  args: () => A | null;
  load: (args: A) => Promise<T>;
  reads: (args: A) => Tag[];
}): Query<T> {
  const q = new Query<T>();
  // Arguments equal to the last ones (a parent passed a fresh object holding the same
  // values) are not a reason to ask again.
  let asked: string | null = null;
  $effect(() => {
    const args = spec.args();
    if (args === null) return;
    const key = JSON.stringify(args);
    if (key === asked) return;
    asked = key;
    q.aim(() => spec.load(args), spec.reads(args));
    untrack(() => void q.run());
  });
  $effect(() => {
    live.add(q as Query<unknown>);
    return () => {
      live.delete(q as Query<unknown>);
    };
  });
  return q;
}
