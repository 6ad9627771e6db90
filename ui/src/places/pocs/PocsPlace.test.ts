import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { PocPage, PocQuery, PocSummary } from "../../api/pocs";
import PocsPlace from "./PocsPlace.svelte";

const row: PocSummary = {
  idea: "019a0000-0000-7000-8000-000000000001",
  title: "Bed sensors",
  stage: "poc_running",
  site: "Royal",
  project_lead_name: "Nia Nurse",
  status: "on_track",
  next_milestone: { id: "m", title: "Staff trained", due: "2026-12-15", owner: null, owner_name: null, status: "planned", done_date: "", overdue: false },
  overdue_milestones: 0,
  planned_pence: 30_000_000,
  spent_pence: 1_250_050,
  metrics: 2,
  metrics_on_target: 1,
  live_sites: 0,
};

const onePage = (pocs: PocSummary[], more: Partial<PocPage> = {}): PocPage => ({
  pocs,
  total: pocs.length,
  page: 1,
  pages: 1,
  per_page: 50,
  by_stage: pocs.length > 0 ? [{ stage: "poc_running", count: pocs.length }] : [],
  ...more,
});

describe("PocsPlace", () => {
  it("lists every POC with its status, next milestone, spend against plan and metrics on target", async () => {
    render(PocsPlace, { props: { load: vi.fn(async () => onePage([row])) } });
    const table = await screen.findByRole("table");
    const cells = within(table).getAllByRole("cell").map((c) => c.textContent?.replace(/\s+/g, " ").trim());
    expect(cells).toEqual([
      "Bed sensors, Royal",
      "POC running",
      "On track",
      "Nia Nurse",
      "Staff trained, 2026-12-15",
      "£12,500.50 of £300,000.00",
      "1 of 2",
      "0 sites",
    ]);
    expect(within(table).getByRole("link", { name: "Bed sensors" }).getAttribute("href")).toBe(`#/idea/${row.idea}`);
  });

  it("says when there are none, and when they cannot be shown", async () => {
    const { unmount } = render(PocsPlace, { props: { load: vi.fn(async () => onePage([])) } });
    expect((await screen.findByText(/No POCs yet/)).id).toBe("pocs-empty");
    unmount();
    const load = vi.fn(async () => {
      throw { code: "storage", message: "the database is damaged", field: null };
    });
    render(PocsPlace, { props: { load } });
    expect((await screen.findByRole("alert")).textContent).toContain("The database is damaged");
  });

  it("exports every POC for a lead", async () => {
    const exportPocs = vi.fn(async () => ({ path: "/home/lee/Downloads/Sprout POCs 2026-11-30.xlsx", sheets: [] as [string, number][] }));
    render(PocsPlace, { props: { load: async () => onePage([]), exportPocs } });
    await fireEvent.click(screen.getByRole("button", { name: "Export to Excel" }));
    await vi.waitFor(() => expect(document.getElementById("pocs-export-status")?.textContent).toContain("Saved to /home/lee/Downloads"));
  });

  it("asks the store for one page at a time, and for one stage when a lead picks it", async () => {
    const asked: PocQuery[] = [];
    const load = vi.fn(async (q: PocQuery) => {
      asked.push({ ...q });
      return onePage([{ ...row, stage: q.stage ?? "poc_running" }], {
        total: 120,
        page: q.page ?? 1,
        pages: 3,
        by_stage: [
          { stage: "poc_planning", count: 20 },
          { stage: "poc_running", count: 100 },
        ],
      });
    });
    render(PocsPlace, { props: { load } });
    expect((await screen.findByRole("button", { name: "All POC stages (120)" })).getAttribute("aria-pressed")).toBe("true");
    expect(document.getElementById("pocs-table-caption")?.textContent).toBe("120 POCs, page 1 of 3");
    await fireEvent.click(screen.getByRole("button", { name: /Next/ }));
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({ stage: null, page: 2 }));
    await fireEvent.click(screen.getByRole("button", { name: "POC planning (20)" }));
    await vi.waitFor(() => expect(asked.at(-1)).toEqual({ stage: "poc_planning", page: 1 }));
    expect(screen.getByRole("button", { name: "POC planning (20)" }).getAttribute("aria-pressed")).toBe("true");
  });
});
