// The one funnel every change goes through: no double submit while one is pending, the
// backend's error kept as a SproutError (with the field it names) and as a sentence, what
// the change invalidates re-read, its answer written straight into the query that shows
// it, and the success banner. A component keeps one Change per form or button.
import { SproutError, errorText } from "../api/errors";
import { say } from "./banner.svelte";
import { type Query, invalidate } from "./query.svelte";
import type { Tag } from "./tags";

export interface After<T> {
  /** What the change makes stale, re-read at once wherever it is shown. */
  invalidates: Tag[] | ((result: T) => Tag[]);
  /** The query showing the entity the change returns: written in, not refetched. */
  into?: Query<T>;
  /** For an answer that is part of what a query shows (a comment added to a list): puts
   *  it in place, instead of refetching. */
  put?: (result: T) => void;
  /** Said beside the form when it worked (its status line, `done`). */
  says?: string | ((result: T) => string);
  /** Said in the page's banner when it worked: for a change whose result may leave the
   *  place in view (an idea moved on, a person approved). */
  banner?: string | ((result: T) => string);
  /** Where the banner speaks about (default: the place in view). */
  at?: string | ((result: T) => string);
}

export class Change {
  pending = $state(false);
  /** The backend's own error, for a form that marks the field it names. */
  failure = $state<SproutError | null>(null);
  /** What the last success said, for a status line beside the form. */
  done = $state("");

  get error(): string | null {
    return this.failure ? errorText(this.failure) : null;
  }

  /** Runs `call` unless one is already running; its result, or undefined if it failed. */
  async run<T>(call: () => Promise<T>, after: After<T>): Promise<T | undefined> {
    if (this.pending) return undefined;
    this.pending = true;
    this.failure = null;
    this.done = "";
    let result: T;
    try {
      result = await call();
    } catch (e) {
      this.failure = SproutError.from(e);
      this.pending = false;
      return undefined;
    }
    try {
      after.into?.set(result);
      after.put?.(result);
      const stale = typeof after.invalidates === "function" ? after.invalidates(result) : after.invalidates;
      // Re-read in the background: the form is free again at once, and each query shows
      // its own loading state meanwhile.
      void invalidate(stale, after.into as Query<unknown> | undefined);
      const said = typeof after.says === "function" ? after.says(result) : after.says;
      if (said) this.done = said;
      const told = typeof after.banner === "function" ? after.banner(result) : after.banner;
      if (told) say(told, typeof after.at === "function" ? after.at(result) : after.at);
    } finally {
      this.pending = false;
    }
    return result;
  }

  /** Forgets the last error and success, as a form does when it is opened afresh. */
  reset(): void {
    this.failure = null;
    this.done = "";
  }
}

/** Nothing is fire-and-forget: a promise nobody awaited that fails is logged and said. */
export function catchStrays(target: Window = window): () => void {
  const handler = (event: PromiseRejectionEvent) => {
    event.preventDefault();
    console.error("Unhandled failure", event.reason);
    say(`Something went wrong: ${errorText(SproutError.from(event.reason))}`, location.hash, true);
  };
  target.addEventListener("unhandledrejection", handler);
  return () => target.removeEventListener("unhandledrejection", handler);
}
