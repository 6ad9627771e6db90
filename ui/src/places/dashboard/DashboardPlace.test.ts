import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { afterEach, describe, expect, it, vi } from "vitest";
import type { Dashboard, Figure } from "../../api/dashboard";
import { resetTableView, tableView } from "../ideas/view.svelte";
import DashboardPlace from "./DashboardPlace.svelte";

const fig = (count: number, stage: string): Figure => ({ count, query: { entered: { stage, from: "2025-12-08", to: "2026-12-07" } } as Figure["query"] });
const chart = { mean: 3, upper: 6, lower: 0, points: [], variation: "too_few_points" as const, says: "Too few points to judge variation. No assurance icon." };
const cash = { class: "", label: "All monetised benefits", target_pence: 0, forecast_pence: 0, actual_pence: 0, verified_pence: 0, benefits: 0 };

const board: Dashboard = {
  from: "2025-12-08",
  to: "2026-12-07",
  site: "",
  funnel: [
    { stage: "submitted", now: fig(1, "submitted"), entered: fig(4, "submitted"), conversion: "" },
    { stage: "triage", now: fig(2, "triage"), entered: fig(3, "triage"), conversion: "75%" },
  ],
  time_in_stage: [{ stage: "submitted", left: fig(3, "submitted"), median_days: 2.5, p90_days: 9 }],
  months: [],
  waiting: [["submitted", fig(0, "submitted")]],
  waiting_target_days: 14,
  by_site: [],
  by_department: [],
  pocs: { on_track: fig(1, "poc_running"), off_track: fig(0, "poc_running"), reviewed: fig(0, "poc_review"), adopted: fig(0, "adopt_and_spread"), go_rate: "", planned_pence: 500_000, spent_pence: 125_000 },
  submissions: chart,
  days_to_decision: chart,
  benefits: { year: "2026/27", site: "", classes: [], total: cash, measures: [], sites: [], site_measures: [], accuracy: [], years: [], site_names: [] },
  partnerships: null,
  partnerships_due: null,
};

afterEach(() => resetTableView());

describe("DashboardPlace", () => {
  it("shows the funnel, and a count opens the Ideas table on exactly its query", async () => {
    const dashboard = vi.fn(async () => board);
    render(DashboardPlace, { props: { api: { dashboard } } });
    const funnel = await screen.findByRole("table", { name: /Ideas at each stage now/ });
    const triage = within(funnel).getAllByRole("row")[2]!;
    expect([...(triage as HTMLTableRowElement).cells].map((c) => c.textContent?.trim())).toEqual(["Triage", "2", "3", "75%", "—", "—"]);
    await fireEvent.click(within(triage).getByRole("button", { name: /3 ideas: entered Triage 2025-12-08 to 2026-12-07/ }));
    expect(tableView.figure).toEqual({ query: board.funnel[1]!.entered.query, label: "entered Triage 2025-12-08 to 2026-12-07", count: 3 });
    expect(location.hash).toBe("#/ideas");
  });

  it("says the POCs' spend against budget and what the SPC chart means in words", async () => {
    render(DashboardPlace, { props: { api: { dashboard: vi.fn(async () => board) } } });
    expect((await screen.findByText("£1,250.00 of £5,000.00")).id).toBe("dashboard-spend");
    expect(screen.getAllByText(/Too few points to judge variation/).length).toBe(2);
  });
});
