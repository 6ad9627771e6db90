// Invalidation through the real api/ modules, with only the IPC boundary mocked: a change
// re-runs the queries reading what it invalidates and no other, writes its answer into the
// query it names instead of refetching, and a backend event re-reads only the ideas it names.
import { flushSync } from "svelte";
import { afterEach, describe, expect, it } from "vitest";
import { editIdea, getIdea, ideaPage } from "../api/ideas";
import { events } from "../bindings";
import { idea } from "../test/fixtures";
import { backend } from "../test/ipc";
import { Change } from "./change.svelte";
import { followBackend } from "./events";
import { type Query, query } from "./query.svelte";
import { aboutIdea, tag } from "./tags";

const A = "00000000-0000-7000-8000-00000000000a";
const B = "00000000-0000-7000-8000-00000000000b";
const page = { ideas: [], total: 0, page: 1, pages: 1, per_page: 50, by_stage: [] };

let stop: (() => void) | null = null;
afterEach(() => {
  stop?.();
  stop = null;
});

/** Two idea pages and the Ideas table, live as if on screen. */
function onScreen() {
  const made: { a?: Query<unknown>; b?: Query<unknown>; list?: Query<unknown> } = {};
  stop = $effect.root(() => {
    made.a = query({ args: () => ({ id: A }), load: (x) => getIdea(x.id), reads: (x) => [tag.idea(x.id)] });
    made.b = query({ args: () => ({ id: B }), load: (x) => getIdea(x.id), reads: (x) => [tag.idea(x.id)] });
    made.list = query({ args: () => ({}), load: () => ideaPage({}), reads: () => [tag.idea()] });
  });
  flushSync();
  return made as Required<typeof made>;
}

function ipc() {
  return backend({
    get_idea: (args) => idea({ id: String(args.id), title: `Idea ${String(args.id).slice(-1)}` }),
    idea_page: () => page,
    edit_idea: (args) => idea({ id: String(args.id), title: "Renamed" }),
  });
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 0));

describe("invalidation", () => {
  it("re-runs the queries reading what a change invalidates, and no other", async () => {
    const calls = ipc();
    const shown = onScreen();
    await settled();
    expect(calls.count("get_idea")).toBe(2);
    expect(calls.count("idea_page")).toBe(1);

    const change = new Change();
    await change.run(() => editIdea(A, { title: "Renamed" } as never), { invalidates: [tag.idea(A)] });
    await settled();
    const readAgain = calls.calls.filter((c) => c.cmd === "get_idea").map((c) => c.args.id);
    expect(readAgain).toEqual([A, B, A]);
    // The table reads every idea: a change to one is a change to it.
    expect(calls.count("idea_page")).toBe(2);
    expect(shown.a.data).toMatchObject({ title: "Idea a" });
  });

  it("writes a change's answer into the query showing it instead of refetching", async () => {
    const calls = ipc();
    const shown = onScreen();
    await settled();
    const change = new Change();
    await change.run(() => editIdea(A, { title: "Renamed" } as never), {
      into: shown.a as Query<never>,
      invalidates: [tag.idea(A)],
    });
    await settled();
    expect(shown.a.data).toMatchObject({ title: "Renamed" });
    expect(calls.count("get_idea")).toBe(2);
    expect(calls.count("idea_page")).toBe(2);
  });

  it("re-reads only the ideas a sync event names", async () => {
    const calls = ipc();
    onScreen();
    const unfollow = followBackend();
    await settled();
    await events.ideasChanged.emit({ ideas: [B], everything: false });
    await settled();
    expect(calls.calls.filter((c) => c.cmd === "get_idea").map((c) => c.args.id)).toEqual([A, B, B]);
    await events.ideasChanged.emit({ ideas: [], everything: true });
    await settled();
    expect(calls.count("get_idea")).toBe(5);
    unfollow();
  });

  it("names every part of an idea a change from another PC may touch", () => {
    expect(aboutIdea(A).map((t) => t.kind)).toEqual(["idea", "comments", "scores", "framework", "gate", "timeline", "poc", "spread", "benefit"]);
  });

  it("keeps one change from running twice at once", async () => {
    ipc();
    const change = new Change();
    let release: () => void = () => {};
    const slow = () => new Promise<number>((resolve) => (release = () => resolve(1)));
    const first = change.run(slow, { invalidates: [] });
    expect(await change.run(slow, { invalidates: [] })).toBeUndefined();
    release();
    expect(await first).toBe(1);
  });
});
