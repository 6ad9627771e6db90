import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../../api/ideas";
import type { Poc, PocApi, Spread } from "../../api/pocs";
import PocSection from "./PocSection.svelte";

const idea = { id: "i1", title: "Bed sensors", stage: "poc_running" } as Idea;

function poc(over: Partial<Poc> = {}): Poc {
  return {
    aim: "Fewer night falls",
    project_lead: "nia",
    project_lead_name: "Nia Nurse",
    clinical_sponsor: "Dr A Khan",
    project_type: "qi",
    evaluation_type: "impact",
    evaluation_design: "Before and after",
    ethics_ref: "",
    hypotheses: [{ id: "h1", statement: "Sensors cut falls", measure: "Falls a month" }],
    metrics: [
      {
        id: "m1",
        name: "Falls",
        unit: "falls",
        direction: "lower",
        baseline: 5,
        baseline_date: "2026-10-31",
        baseline_source: "Datix",
        target: 2,
        target_date: "2027-03-31",
        actuals: [
          { value: 3, date: "2026-11-20", by: "Nia Nurse" },
          { value: 1.5, date: "2026-12-20", by: "Nia Nurse" },
        ],
        on_target: true,
      },
    ],
    milestones: [
      { id: "ms1", title: "Sensors fitted", due: "2026-11-01", owner: null, owner_name: null, status: "planned", done_date: "", overdue: true },
    ],
    budget_lines: [{ id: "b1", category: "Kit", funder: "Region", planned_pence: 1_234_550, committed_pence: 0, spent_pence: 10 }],
    totals: { planned_pence: 1_234_550, committed_pence: 0, spent_pence: 10 },
    risks: [{ id: "r1", description: "Sensors fail", likelihood: 3, impact: 4, owner: null, owner_name: null, mitigation: "Spares", status: "open" }],
    sites: [],
    attachments: [{ id: "f1", name: "baseline.csv", sha256: "ab".repeat(32), size: 2048 }],
    status: { status: "at_risk", note: "Two sensors failed", date: "2026-11-29", by: "Nia Nurse" },
    status_history: [],
    may_plan: false,
    may_record_progress: false,
    ...over,
  };
}

function api(over: Partial<PocApi> = {}): PocApi {
  const spread: Spread = { sites: [], live_sites: 0 };
  const fn = () => vi.fn(async () => poc());
  return {
    ideaPoc: fn(),
    planPoc: fn(),
    addHypothesis: fn(),
    setMetric: fn(),
    recordActual: fn(),
    addMilestone: vi.fn(async () => "ms2"),
    completeMilestone: fn(),
    setPocStatus: fn(),
    addBudgetLine: fn(),
    addRisk: vi.fn(async () => "r1"),
    setPocSite: fn(),
    ideaSpread: vi.fn(async () => spread),
    setSpread: vi.fn(async () => spread),
    attachFileToPoc: fn(),
    savePocFile: vi.fn(async () => "/home/nia/Downloads/baseline.csv"),
    setRiskStatus: fn(),
    ...over,
  } as PocApi;
}

const base = { idea, members: [] };
// What the backend says this person may do with the POC (a lead plans; the project lead and
// leads record progress).
const READER = { may_plan: false, may_record_progress: false };
const PROJECT_LEAD = { may_plan: false, may_record_progress: true };
const LEAD = { may_plan: true, may_record_progress: true };

describe("PocSection", () => {
  it("shows the plan, each metric as a chart with its figures in a table, milestones and money", async () => {
    render(PocSection, { props: { ...base, api: api({ ideaPoc: vi.fn(async () => poc(READER)) }) } });
    expect(await screen.findByText("Fewer night falls")).toBeTruthy();
    expect(screen.getByText("At risk")).toBeTruthy();
    expect(screen.getByText("Quality improvement")).toBeTruthy();
    const table = document.getElementById("metric-m1-table")!;
    const rows = within(table).getAllByRole("row").map((r) => r.textContent?.replace(/\s+/g, " ").trim());
    expect(rows).toContain("Baseline (Datix)2026-10-315 falls");
    expect(rows).toContain("Target2027-03-312 falls");
    expect(rows).toContain("Actual, by Nia Nurse2026-12-201.5 falls");
    expect(document.querySelector("#metric-m1 svg")?.getAttribute("aria-hidden")).toBe("true");
    expect(document.querySelectorAll("#metric-m1 circle")).toHaveLength(2);
    expect(screen.getByText("On target")).toBeTruthy();
    expect(screen.getByText("Overdue")).toBeTruthy();
    expect(document.getElementById("poc-budget-planned")?.textContent).toBe("£12,345.50");
    expect(document.getElementById("poc-budget-spent")?.textContent).toBe("£0.10");
    // Someone who is neither a lead nor the project lead reads and nothing more.
    expect(document.querySelectorAll("details.app-poc-form")).toHaveLength(0);
    expect(document.getElementById("done-ms1")).toBeNull();
    expect(document.getElementById("risk-r1-toggle")).toBeNull();
  });

  it("gives the project lead the progress forms and a lead the plan's as well", async () => {
    const { unmount } = render(PocSection, { props: { ...base, api: api({ ideaPoc: vi.fn(async () => poc(PROJECT_LEAD)) }) } });
    await screen.findByText("Fewer night falls");
    const forms = () => [...document.querySelectorAll("details.app-poc-form summary")].map((s) => s.textContent?.trim());
    expect(forms()).toEqual(["Record an actual", "Add a milestone", "Update the POC's status", "Add a risk or issue", "A site taking part"]);
    expect(document.getElementById("done-ms1")).toBeTruthy();
    expect(document.getElementById("risk-r1-toggle")?.textContent).toContain("Close");
    unmount();
    render(PocSection, { props: { ...base, api: api({ ideaPoc: vi.fn(async () => poc(LEAD)) }) } });
    await screen.findByText("Fewer night falls");
    expect(forms().slice(0, 4)).toEqual(["Plan the POC", "Add a hypothesis", "Add or change a success metric", "Add a budget line"]);
  });

  it("records an actual and marks the field the backend refused", async () => {
    const recordActual = vi
      .fn()
      .mockRejectedValueOnce({ code: "not_a_date", message: "date of the actual must be a date written YYYY-MM-DD, such as 2026-03-31", field: "actual_date", patient_data: [] })
      .mockResolvedValueOnce(poc(PROJECT_LEAD));
    render(PocSection, { props: { ...base, api: api({ recordActual, ideaPoc: vi.fn(async () => poc(PROJECT_LEAD)) }) } });
    await screen.findByText("Fewer night falls");
    (document.getElementById("poc-actual-metric")!.closest("details") as HTMLDetailsElement).open = true;
    await fireEvent.change(document.getElementById("poc-actual-metric")!, { target: { value: "Falls" } });
    await fireEvent.input(document.getElementById("poc-actual-value")!, { target: { value: "1" } });
    await fireEvent.input(document.getElementById("poc-actual-date")!, { target: { value: "20/12/2026" } });
    await fireEvent.click(document.getElementById("poc-actual-save")!);
    const link = await screen.findByRole("link", { name: /must be a date written YYYY-MM-DD/ });
    expect(link.getAttribute("href")).toBe("#poc-actual-date");
    expect(document.getElementById("poc-actual-date-error")).toBeTruthy();
    await fireEvent.input(document.getElementById("poc-actual-date")!, { target: { value: "2026-12-20" } });
    await fireEvent.click(document.getElementById("poc-actual-save")!);
    await vi.waitFor(() => expect(document.getElementById("poc-actual-done")?.textContent).toBe("Actual recorded."));
    expect(recordActual).toHaveBeenLastCalledWith("i1", "Falls", "1", "2026-12-20");
  });

  it("shows where an adopted idea has spread, and the assurance each site cleared", async () => {
    const spread: Spread = {
      live_sites: 1,
      sites: [
        { site: "Royal", status: "live", reason: "", local_lead: null, local_lead_name: null, start: "", assured: ["dcb0160", "dtac"] },
        { site: "General", status: "declined", reason: "No night staff", local_lead: null, local_lead_name: null, start: "", assured: [] },
      ],
    };
    const setSpread = vi.fn(async () => spread);
    render(PocSection, {
      props: { ...base, idea: { ...idea, stage: "adopt_and_spread" } as Idea, api: api({ ideaSpread: vi.fn(async () => spread), setSpread, ideaPoc: vi.fn(async () => poc(LEAD)) }) },
    });
    expect((await screen.findByText(/Spread: live at 1 site/)).id).toBe("spread-heading");
    const royal = document.querySelector("[data-site='Royal']")!;
    expect(within(royal as HTMLElement).getAllByText("Cleared")).toHaveLength(2);
    expect(document.querySelector("[data-site='General']")?.textContent).toContain("Declined: No night staff");
    (document.getElementById("poc-spread-site")!.closest("details") as HTMLDetailsElement).open = true;
    await fireEvent.input(document.getElementById("poc-spread-site")!, { target: { value: "Community" } });
    await fireEvent.change(document.getElementById("poc-spread-status")!, { target: { value: "live" } });
    await fireEvent.click(document.getElementById("poc-spread-assured-dcb0160")!);
    await fireEvent.click(document.getElementById("poc-spread-assured-ig")!);
    await fireEvent.click(document.getElementById("poc-spread-save")!);
    await vi.waitFor(() => expect(setSpread).toHaveBeenCalled());
    expect(setSpread).toHaveBeenCalledWith("i1", expect.objectContaining({ site: "Community", status: "live", assured: "dcb0160,ig" }));
  });
});
