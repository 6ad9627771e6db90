import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { beforeEach, describe, expect, it, vi } from "vitest";
import type { Idea, IdeaPage, IdeaQuery } from "../../api/ideas";
import IdeasTable from "./IdeasTable.svelte";
import { resetTableView } from "./view.svelte";

const idea = (n: number): Idea =>
  ({
    id: `00000000-0000-7000-8000-${String(n).padStart(12, "0")}`,
    title: `Idea ${n}`,
    stage: n % 2 ? "triage" : "submitted",
    site: "St Mary's",
    supporters: n % 3,
    score: null,
    last_decision: null,
    created_at: "2026-11-20T10:00:00Z",
  }) as unknown as Idea;

/** A store of 120 ideas answering queries as `idea_page` does: the window gets one page. */
function store() {
  const all = Array.from({ length: 120 }, (_, i) => idea(i));
  return vi.fn(async (q: IdeaQuery): Promise<IdeaPage> => {
    const kept = all.filter((i) => !q.stage || i.stage === q.stage);
    const pages = Math.max(1, Math.ceil(kept.length / 50));
    const page = Math.min(Math.max(q.page ?? 1, 1), pages);
    return {
      ideas: kept.slice((page - 1) * 50, page * 50),
      total: kept.length,
      page,
      pages,
      per_page: 50,
      by_stage: [
        { stage: "submitted", count: 60 },
        { stage: "triage", count: 60 },
      ],
    };
  });
}

describe("IdeasTable", () => {
  beforeEach(resetTableView);

  it("shows one page of rows with the counts per stage, and pages on", async () => {
    const load = store();
    render(IdeasTable, { props: { load, me: null } });
    await waitFor(() => expect(document.querySelectorAll("#ideas-table tbody tr")).toHaveLength(50));
    expect(screen.getByText("120 ideas, page 1 of 3")).toBeTruthy();
    expect(screen.getByRole("button", { name: "All stages (120)" }).getAttribute("aria-pressed")).toBe("true");
    expect(screen.getByRole("link", { name: "Idea 0" }).getAttribute("href")).toBe(`#/idea/${idea(0).id}`);
    expect(document.getElementById("page-previous")).toBeNull();
    await fireEvent.click(document.getElementById("page-next")!);
    await waitFor(() => expect(screen.getByText("120 ideas, page 2 of 3")).toBeTruthy());
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ page: 2 }));
  });

  it("filters by stage from its count, starting again at page 1", async () => {
    const load = store();
    render(IdeasTable, { props: { load, me: "me" } });
    await waitFor(() => expect(document.getElementById("page-next")).toBeTruthy());
    await fireEvent.click(document.getElementById("page-next")!);
    await fireEvent.click(screen.getByRole("button", { name: "Triage (60)" }));
    await waitFor(() => expect(screen.getByText("60 ideas, page 1 of 2")).toBeTruthy());
    expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ stage: "triage", page: 1 }));
    await fireEvent.click(screen.getByLabelText("Only my ideas"));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ submitted_by: "me" })));
  });

  it("says why when the store cannot answer", async () => {
    const load = vi.fn(async () => {
      throw { code: "storage", message: "the database is damaged", field: null };
    });
    render(IdeasTable, { props: { load, me: null } });
    await waitFor(() => expect(screen.getByRole("alert").textContent).toContain("The database is damaged"));
  });

  it("searches, sorts from a column's heading, and keeps all of it when the person comes back", async () => {
    const load = store();
    const { unmount } = render(IdeasTable, { props: { load, me: null } });
    await waitFor(() => expect(document.getElementById("page-next")).toBeTruthy());
    await fireEvent.input(screen.getByLabelText("Search"), { target: { value: "falls" } });
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ text: "falls", page: 1 })));
    await fireEvent.click(screen.getByRole("button", { name: "Title" }));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "title" })));
    expect(screen.getByRole("button", { name: "Title" }).closest("th")?.getAttribute("aria-sort")).toBe("ascending");
    await fireEvent.click(screen.getByRole("button", { name: "Score" }));
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ sort: "score", page: 1 })));
    expect(screen.getByRole("button", { name: "Score" }).closest("th")?.getAttribute("aria-sort")).toBe("descending");
    expect(screen.getByRole("button", { name: "Title" }).closest("th")?.getAttribute("aria-sort")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Title" }));
    unmount();
    render(IdeasTable, { props: { load, me: null } });
    await waitFor(() => expect(load).toHaveBeenLastCalledWith(expect.objectContaining({ text: "falls", sort: "title" })));
    expect((screen.getByLabelText("Search") as HTMLInputElement).value).toBe("falls");
  });

  it("lets a lead choose rows for the bulk actions, and nobody else", async () => {
    const load = store();
    const { unmount } = render(IdeasTable, { props: { load, me: null } });
    await waitFor(() => expect(document.querySelectorAll("#ideas-table tbody tr")).toHaveLength(50));
    expect(document.querySelectorAll("#ideas-table input[type=checkbox]")).toHaveLength(0);
    unmount();
    render(IdeasTable, { props: { load, me: null, bulk: { reviewers: [] } } });
    await waitFor(() => expect(document.querySelectorAll("#ideas-table tbody input[type=checkbox]")).toHaveLength(50));
    await fireEvent.click(screen.getByLabelText("Choose “Idea 0”"));
    await fireEvent.click(screen.getByLabelText("Choose “Idea 1”"));
    expect(screen.getByText("2 ideas chosen")).toBeTruthy();
    await fireEvent.click(screen.getByLabelText("Choose every idea on this page"));
    expect(screen.getByText("50 ideas chosen")).toBeTruthy();
  });

  it("exports the ideas the filters match, for a lead, not just the page shown", async () => {
    const exportTable = vi.fn(async () => ({ path: "/home/lee/Downloads/Sprout ideas 2026-11-29.xlsx", sheets: [["Ideas", 60] as [string, number]] }));
    render(IdeasTable, { props: { load: store(), me: null, exportTable } });
    await fireEvent.click(await screen.findByRole("button", { name: /Triage \(60\)/ }));
    await fireEvent.click(screen.getByRole("button", { name: "Export to Excel" }));
    await waitFor(() => expect(document.getElementById("table-export-status")?.textContent).toContain("60 ideas saved to /home/lee/Downloads"));
    expect(exportTable).toHaveBeenCalledWith(expect.objectContaining({ stage: "triage", page: 1 }));
  });

  it("offers no export to someone who is not a lead", async () => {
    render(IdeasTable, { props: { load: store(), me: null } });
    await screen.findByRole("button", { name: /Triage \(60\)/ });
    expect(screen.queryByRole("button", { name: "Export to Excel" })).toBeNull();
  });
});
