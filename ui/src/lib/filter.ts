// Narrowing and ordering the idea list, kept apart from the component so it is tested alone.
import type { Idea, Stage } from "../api/ideas";

export type Sort = "newest" | "oldest" | "supported" | "score";

export interface Filters {
  mine: boolean;
  stage: Stage | "";
  site: string;
  tag: string;
  /** Only ideas submitted in the last this-many days; 0 for any age. */
  days: number;
  sort: Sort;
  /** Only ideas scored at least this (0 to 100); 0 for any, scored or not. */
  minScore: number;
  /** Only ideas this person was asked to score and has not yet. */
  toScore: boolean;
  /** Show duplicates merged into other ideas (one's own always show under My ideas). */
  merged: boolean;
}

export const NO_FILTERS: Filters = {
  mine: false,
  stage: "",
  site: "",
  tag: "",
  days: 0,
  sort: "newest",
  minScore: 0,
  toScore: false,
  merged: false,
};

const DAY_MS = 24 * 60 * 60 * 1000;

/** The ideas `filters` keep, in the order they ask for. `me` is this person's actor id. */
export function applyFilters(
  ideas: Idea[],
  filters: Filters,
  me: string | null,
  now = Date.now(),
  toScore: ReadonlySet<string> = new Set(),
): Idea[] {
  const kept = ideas.filter(
    (i) =>
      (!filters.mine || (me !== null && i.submitted_by === me)) &&
      (!i.merged_into || filters.merged || filters.mine) &&
      (filters.stage === "" || i.stage === filters.stage) &&
      (filters.site === "" || i.site === filters.site) &&
      (filters.tag === "" || i.tags.includes(filters.tag)) &&
      (filters.days === 0 || now - Date.parse(i.created_at) <= filters.days * DAY_MS) &&
      (filters.minScore === 0 || (i.score ?? -1) >= filters.minScore) &&
      (!filters.toScore || toScore.has(i.id)),
  );
  const at = (i: Idea) => Date.parse(i.created_at);
  switch (filters.sort) {
    case "oldest":
      return kept.sort((a, b) => at(a) - at(b));
    case "score":
      return kept.sort((a, b) => (b.score ?? -1) - (a.score ?? -1) || at(b) - at(a));
    case "supported":
      return kept.sort((a, b) => b.supporters - a.supporters || at(b) - at(a));
    default:
      return kept;
  }
}
