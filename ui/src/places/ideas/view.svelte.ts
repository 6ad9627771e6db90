// What the Ideas table shows (its search, filters, order and page), kept for the session so
// leaving the table for an idea and coming back finds it as it was.
import type { IdeaQuery, IdeaSort, Stage } from "../../api/ideas";

/** A dashboard figure the table is showing the ideas behind. */
export interface FigureShown {
  query: IdeaQuery;
  /** What the figure counts, in words. */
  label: string;
  count: number;
}

export const tableView = $state({
  text: "",
  stage: null as Stage | null,
  site: "",
  tag: "",
  withinDays: null as number | null,
  sort: "newest" as IdeaSort,
  mine: false,
  page: 1,
  figure: null as FigureShown | null,
});

/** Shows the ideas behind a dashboard figure: exactly its query, from its first page. */
export function showFigure(query: IdeaQuery, label: string, count: number): void {
  resetTableView();
  tableView.figure = { query, label, count };
}

/** Back to every idea, newest first (for tests, and a person starting afresh). */
export function resetTableView(): void {
  Object.assign(tableView, { text: "", stage: null, site: "", tag: "", withinDays: null, sort: "newest", mine: false, page: 1, figure: null });
}
