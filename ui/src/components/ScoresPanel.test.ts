import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../api/ideas";
import type { ScoresView } from "../api/scoring";
import ScoresPanel from "./ScoresPanel.svelte";

const idea = { id: "i1", title: "Falls" } as Idea;
const rubric = {
  version: 1,
  criteria: [
    { key: "need", name: "Need", weight: 60, anchors: ["1: none", "2", "3", "4", "5: urgent"] },
    { key: "evidence", name: "Evidence & maturity", weight: 40, anchors: ["1: untested", "2", "3", "4", "5: proven"] },
  ],
};
const blind: ScoresView = {
  rubric,
  reviewers: ["me"],
  submitted: 1,
  blind: true,
  mine: null,
  reviews: [],
  aggregate: null,
  consensus: null,
  needs_consensus: false,
  may_score: true,
};
const after: ScoresView = {
  ...blind,
  submitted: 2,
  blind: false,
  mine: { by: "me", at: "2026-11-22T10:00:00Z", scores: { need: 5, evidence: null }, note: "" },
  aggregate: {
    total: 62.5,
    reviews: 2,
    disagreement: true,
    criteria: [
      { key: "need", name: "Need", scored_by: 2, mean: 3.5, median: 3.5, range: [2, 5], disagreement: true },
      { key: "evidence", name: "Evidence & maturity", scored_by: 0, mean: null, median: null, range: null, disagreement: false },
    ],
  },
  needs_consensus: true,
};

async function open() {
  const details = document.querySelector("details.app-scores") as HTMLDetailsElement;
  details.open = true;
  await fireEvent(details, new Event("toggle"));
}

describe("ScoresPanel", () => {
  it("hides others' scores until mine are in, then shows the sums and disagreement", async () => {
    const load = vi.fn().mockResolvedValueOnce(blind).mockResolvedValue(after);
    const score = vi.fn(async () => after);
    const consensus = vi.fn(async () => ({ ...after, needs_consensus: false, consensus: "Settled" }));
    render(ScoresPanel, { props: { idea, load, score, consensus } });
    await open();
    expect(await screen.findByText(/the others stay hidden until you have/)).toBeTruthy();
    expect(screen.queryByRole("table")).toBeNull();

    await fireEvent.click(screen.getByLabelText("5", { selector: "#score-i1-need-5" }));
    await fireEvent.click(document.getElementById("score-i1-evidence-unable") as HTMLInputElement);
    await fireEvent.click(screen.getByRole("button", { name: "Save my scores for “Falls”" }));
    expect(score).toHaveBeenCalledWith("i1", { need: 5, evidence: null }, "");
    const table = await screen.findByRole("table", { name: "Scores by criterion" });
    expect(table.textContent).toContain("Disagreement");
    expect(table.textContent).toContain("2–5");
    expect(document.querySelector(".app-total")?.textContent).toContain("62.5 / 100");
    expect(screen.queryByRole("button", { name: /Save my scores/ })).toBeNull();

    await fireEvent.input(screen.getByLabelText(/Reviewers disagree/), { target: { value: "Settled" } });
    await fireEvent.click(screen.getByRole("button", { name: "Record consensus" }));
    expect(consensus).toHaveBeenCalledWith("i1", "Settled");
  });

  it("offers a reviewer who was not asked no score form, and says why", async () => {
    const load = vi.fn(async () => ({ ...blind, blind: false, reviewers: [], may_score: false }));
    render(ScoresPanel, { props: { idea, load, score: vi.fn() } });
    await open();
    expect(await screen.findByText(/you were not asked to score this one/)).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Save my scores/ })).toBeNull();
  });

  it("lets a lead ask a reviewer", async () => {
    const load = vi.fn(async () => ({ ...after, needs_consensus: false }));
    const assign = vi.fn(async () => ["r1"]);
    const reviewers = [{ actor: "r1", person: "Rae Reviewer", site: "", roles: ["reviewer" as const], revoked: false, last_work: null, may_be_asked_to_review: true }];
    render(ScoresPanel, { props: { idea, load, score: vi.fn(), assign, reviewers } });
    await open();
    const select = (await screen.findByLabelText("Ask someone to review")) as HTMLSelectElement;
    await fireEvent.change(select, { target: { value: "r1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Ask" }));
    expect(assign).toHaveBeenCalledWith("i1", "r1");
  });
});
