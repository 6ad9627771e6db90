import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { benefitsApi } from "../../api/benefits";
import type { BenefitList, BenefitSummary } from "../../api/benefits";
import BenefitsPlace from "./BenefitsPlace.svelte";

const cash = { class: "cash-releasing", label: "Cash-releasing", target_pence: 1_500_000, forecast_pence: 375_000, actual_pence: 410_050, verified_pence: 0, benefits: 3 };
const summary = (year: string | null, site: string | null): BenefitSummary => ({
  year: year ?? "",
  site: site ?? "",
  classes: [cash],
  total: { ...cash, class: "", label: "All monetised benefits" },
  measures: [],
  sites: [
    { site: "General", forecast_pence: 0, actual_pence: 410_050, verified_pence: 0 },
    { site: "Royal", forecast_pence: 375_000, actual_pence: 0, verified_pence: 0 },
  ],
  site_measures: [],
  accuracy: [],
  years: ["2026/27", "2025/26"],
  site_names: ["General", "Royal"],
});

const list = (cls: string | null): BenefitList => ({
  rows: [
    { id: "b1", idea: "i1", idea_title: "Bed-exit sensors", title: "Agency nights saved", class: "cash-releasing", state: "validated", site: "Royal", officer_name: "Lee Lead", value_per_year: "£15,000.00", disbenefit: false },
    { id: "b2", idea: "i2", idea_title: "Discharge app", title: "Bed days released", class: "quantifiable", state: "realising", site: "General", officer_name: "", value_per_year: "", disbenefit: false },
  ].filter((r) => cls === null || r.class === cls) as BenefitList["rows"],
  matching: cls === null ? 2 : 1,
  page: 1,
  pages: 1,
});

function api(overrides: Partial<typeof benefitsApi> = {}): typeof benefitsApi {
  return {
    ...benefitsApi,
    summary: vi.fn(async (y, s) => summary(y, s)),
    list: vi.fn(async (q) => list(q.class ?? null)),
    reviewsDue: vi.fn(async () => []),
    ...overrides,
  };
}

describe("BenefitsPlace", () => {
  it("shows the roll-up by class and site, money as pounds, and the register", async () => {
    render(BenefitsPlace, { props: { api: api() } });
    const classes = await screen.findByRole("table", { name: "Money by class of benefit" });
    const cells = (r: HTMLElement) => [...(r as HTMLTableRowElement).cells].map((c) => c.textContent?.trim()).join(" | ");
    const row = within(classes).getAllByRole("row")[1]!;
    expect(cells(row)).toBe("Cash-releasing | 3 | £15,000.00 | £3,750.00 | £4,100.50 | £0.00");
    const sites = screen.getByRole("table", { name: /Money by site/ });
    expect(within(sites).getAllByRole("row").slice(1).map(cells)).toEqual([
      "General | £0.00 | £4,100.50 | £0.00",
      "Royal | £3,750.00 | £0.00 | £0.00",
    ]);
    expect(await screen.findByRole("table", { name: "2 benefits" })).toBeTruthy();
  });

  it("opens the register at a class when its count is chosen, so the figure traces to its list", async () => {
    const given = api();
    render(BenefitsPlace, { props: { api: given } });
    await screen.findByRole("table", { name: "Money by class of benefit" });
    await fireEvent.click(screen.getByRole("button", { name: /3 cash-releasing benefits: show them/ }));
    const register = await screen.findByRole("table", { name: "1 benefit" });
    expect(within(register).getByText("Agency nights saved")).toBeTruthy();
    expect(given.list).toHaveBeenLastCalledWith(expect.objectContaining({ class: "cash-releasing", page: 1 }));
  });

  it("asks for one year and one site when chosen", async () => {
    const given = api();
    render(BenefitsPlace, { props: { api: given } });
    const year = (await screen.findByLabelText("Financial year")) as HTMLSelectElement;
    await screen.findByRole("option", { name: "2026/27" });
    await fireEvent.change(year, { target: { value: "2026/27" } });
    await screen.findByRole("heading", { name: "In 2026/27, the whole hub" });
    expect(given.summary).toHaveBeenLastCalledWith("2026/27", null);
    expect(given.list).toHaveBeenLastCalledWith(expect.objectContaining({ year: "2026/27" }));
  });
});
