// What the Ideas table shows (its search, filters, order and page), kept for the session so
// leaving the table for an idea and coming back finds it as it was.
import type { IdeaSort, Stage } from "../../api/ideas";

export const tableView = $state({
  text: "",
  stage: null as Stage | null,
  site: "",
  tag: "",
  withinDays: null as number | null,
  sort: "newest" as IdeaSort,
  mine: false,
  page: 1,
});

/** Back to every idea, newest first (for tests, and a person starting afresh). */
export function resetTableView(): void {
  Object.assign(tableView, { text: "", stage: null, site: "", tag: "", withinDays: null, sort: "newest", mine: false, page: 1 });
}
