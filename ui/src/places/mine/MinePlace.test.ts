import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { idea } from "../../test/fixtures";
import { backend } from "../../test/ipc";
import { invalidations } from "../../data/query.svelte";
import MinePlace from "./MinePlace.svelte";

const decided = idea({
  id: "00000000-0000-7000-8000-000000000001",
  title: "Quiet hours",
  stage: "triage",
  last_decision: { decision: "go", rationale: "Seen on three wards", at: "2026-11-23T10:00:00Z" },
} as never);
const quiet = idea({ id: "00000000-0000-7000-8000-000000000002", title: "Hand gel" });

describe("MinePlace", () => {
  it("marks what changed since the person last looked, then marks it seen", async () => {
    const ipc = backend({
      idea_page: () => ({ ideas: [decided, quiet], total: 2, page: 1, pages: 1, per_page: 20, by_stage: [] }),
      my_idea_news: () => [{ idea: decided.id, decided: true, comments: 2, supporters: 1 }],
      mark_my_ideas_seen: () => null,
    });
    render(MinePlace, { props: { me: "nurse" } });
    expect(await screen.findByText("New: a decision, 2 comments, a supporter")).toBeTruthy();
    expect(screen.getByText(/1 has news since you last looked/)).toBeTruthy();
    expect(screen.getByText("Seen on three wards")).toBeTruthy();
    expect(document.querySelectorAll("[data-new]")).toHaveLength(1);
    await waitFor(() => expect(ipc.count("mark_my_ideas_seen")).toBe(1));
    // Marking them seen invalidates the news, so the header's count clears.
    await waitFor(() => expect(invalidations.at(-1)?.tags).toEqual(["news"]));
    expect(ipc.calls.find((c) => c.cmd === "idea_page")?.args).toEqual({
      query: { submitted_by: "nurse", include_merged: true, page: 1, per_page: 20 },
    });
  });

  it("invites a first idea when there is none", async () => {
    backend({
      idea_page: () => ({ ideas: [], total: 0, page: 1, pages: 1, per_page: 20, by_stage: [] }),
      my_idea_news: () => [],
      mark_my_ideas_seen: () => null,
    });
    render(MinePlace, { props: { me: "nurse" } });
    expect(await screen.findByText(/You have not shared an idea yet/)).toBeTruthy();
  });
});
