import { describe, expect, it } from "vitest";
import type { Idea } from "../api/ideas";
import { NO_FILTERS, applyFilters } from "./filter";

const idea = (id: string, over: Partial<Idea>): Idea =>
  ({
    id,
    title: id,
    submitted_by: "me",
    stage: "submitted",
    site: "",
    tags: [],
    supporters: 0,
    created_at: "2026-11-20T10:00:00Z",
    ...over,
  }) as Idea;

const now = Date.parse("2026-11-22T10:00:00Z");
const ideas = [
  idea("new", { created_at: "2026-11-21T10:00:00Z", site: "North", tags: ["falls"], supporters: 1 }),
  idea("mid", { submitted_by: "other", stage: "triage", site: "South", supporters: 4 }),
  idea("old", { created_at: "2025-01-01T10:00:00Z", tags: ["falls", "sleep"] }),
];
const ids = (list: Idea[]) => list.map((i) => i.id);

describe("applyFilters", () => {
  it("keeps everything, newest first, with no filters", () => {
    expect(ids(applyFilters(ideas, NO_FILTERS, "me", now))).toEqual(["new", "mid", "old"]);
  });

  it("narrows by whose, stage, site, tag and age", () => {
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, mine: true }, "me", now))).toEqual(["new", "old"]);
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, stage: "triage" }, "me", now))).toEqual(["mid"]);
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, site: "North" }, "me", now))).toEqual(["new"]);
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, tag: "falls" }, "me", now))).toEqual(["new", "old"]);
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, days: 30 }, "me", now))).toEqual(["new", "mid"]);
    expect(applyFilters(ideas, { ...NO_FILTERS, mine: true }, null, now)).toEqual([]);
  });

  it("orders oldest first or by support", () => {
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, sort: "oldest" }, "me", now))).toEqual(["old", "mid", "new"]);
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, sort: "supported" }, "me", now))).toEqual(["mid", "new", "old"]);
  });

  it("hides merged duplicates unless asked, but never from their submitter's My ideas", () => {
    const withDup = [...ideas, idea("dup", { merged_into: "new" } as Partial<Idea>)];
    expect(ids(applyFilters(withDup, NO_FILTERS, "me", now))).not.toContain("dup");
    expect(ids(applyFilters(withDup, { ...NO_FILTERS, merged: true }, "me", now))).toContain("dup");
    expect(ids(applyFilters(withDup, { ...NO_FILTERS, mine: true }, "me", now))).toContain("dup");
  });

  it("keeps ideas scored at least so much, and orders by score", () => {
    const scored = [idea("a", { score: 55 } as Partial<Idea>), idea("b", { score: 80 } as Partial<Idea>), idea("c", {})];
    expect(ids(applyFilters(scored, { ...NO_FILTERS, minScore: 60 }, "me", now))).toEqual(["b"]);
    expect(ids(applyFilters(scored, { ...NO_FILTERS, sort: "score" }, "me", now))).toEqual(["b", "a", "c"]);
  });

  it("narrows to the ideas this person still has to score", () => {
    expect(ids(applyFilters(ideas, { ...NO_FILTERS, toScore: true }, "me", now, new Set(["old"])))).toEqual(["old"]);
  });
});
