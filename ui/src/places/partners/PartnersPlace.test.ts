import { fireEvent, render, screen, within } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { partnersApi } from "../../api/partners";
import type { DueItem, PartnershipList } from "../../api/partners";
import PartnersPlace from "./PartnersPlace.svelte";

const due: DueItem[] = [
  { kind: "obligation", id: "o1", partnership: "p1", partnership_title: "Falls data", what: "Quarterly return", date: "2026-12-04", days: -3, status: "overdue", responsible: "nhs" },
  { kind: "agreement", id: "a1", partnership: "p1", partnership_title: "Falls data", what: "dsa", date: "2027-02-05", days: 60, status: "active", responsible: "" },
];

const list = (stage: string | null): PartnershipList => {
  const rows = [
    { id: "p1", title: "Falls data", partner: "x", partner_name: "Acme Health Ltd", kind: "data", stage: "discovery", owner_name: "Priya Shah" },
    { id: "p2", title: "Joint study", partner: "y", partner_name: "University of Leeds", kind: "research", stage: "signed", owner_name: "" },
  ].filter((r) => stage === null || r.stage === stage) as PartnershipList["rows"];
  return { rows, matching: rows.length, page: 1, pages: 1, by_stage: [["discovery", 1], ["signed", 1]] };
};

function api(overrides: Partial<typeof partnersApi> = {}): typeof partnersApi {
  return {
    ...partnersApi,
    due: vi.fn(async () => due),
    partnerships: vi.fn(async (stage) => list(stage)),
    partners: vi.fn(async () => []),
    registerColumns: vi.fn(async () => [
      { key: "partner", header: "Partner", required: true },
      { key: "effective", header: "Effective", required: false },
    ]),
    ...overrides,
  };
}

describe("PartnersPlace", () => {
  it("lists what is due soonest first, in people's words, each linked to its partnership", async () => {
    render(PartnersPlace, { props: { api: api() } });
    const table = await screen.findByRole("table", { name: /2 things due/ });
    const rows = within(table).getAllByRole("row").slice(1).map((r) => r.textContent?.replace(/\s+/g, " ").trim());
    expect(rows).toEqual([
      "2026-12-04 (3 days ago)Quarterly returnFalls dataOverdueNHS",
      "2027-02-05 (in 60 days)Data sharing agreement expiresFalls dataActive—",
    ]);
    expect(within(table).getAllByRole("link")[0]?.getAttribute("href")).toBe("#/partnership/p1");
  });

  it("counts the partnerships at each stage and shows one stage when asked", async () => {
    const given = api();
    render(PartnersPlace, { props: { api: given } });
    const signed = await screen.findByRole("button", { name: "Signed (1)" });
    expect(screen.getByRole("button", { name: "All partnerships (2)" }).getAttribute("aria-pressed")).toBe("true");
    await fireEvent.click(signed);
    await screen.findByRole("table", { name: "1 partnership" });
    expect(given.partnerships).toHaveBeenLastCalledWith("signed", 1);
    expect(screen.queryByText("Falls data", { selector: "#partnerships-table a" })).toBeNull();
  });

  it("says the backend's refusal beside the form, and records nothing twice", async () => {
    const addPartner = vi.fn(async () => {
      throw { code: "not_one_of", message: "kind of partner must be one of industry, sme, academic, nhs or charity", field: null };
    });
    render(PartnersPlace, { props: { api: api({ addPartner }) } });
    await fireEvent.input(await screen.findByLabelText("Legal name"), { target: { value: "Beta" } });
    await fireEvent.click(screen.getByRole("button", { name: "Record the partner" }));
    expect((await screen.findByRole("alert")).textContent).toContain("Kind of partner must be one of industry");
    expect(addPartner).toHaveBeenCalledTimes(1);
  });

  it("checks a register before importing it, row by row, with a column under another header", async () => {
    const importRegister = vi.fn(async (_name: string, _b64: string, _map: Record<string, string>, dryRun: boolean) => ({
      dry_run: dryRun,
      rows: [
        { row: 2, outcome: "create", says: "partner Acme Health Ltd, partnership Falls data, a CDA" },
        { row: 3, outcome: "skip", says: "the effective date \"soon\" is not a date (YYYY-MM-DD)" },
      ],
      partners: 1,
      partnerships: 1,
      agreements: 1,
      skipped: 1,
    }));
    render(PartnersPlace, { props: { api: api({ importRegister }) } });
    expect(screen.queryByRole("button", { name: "Import it" })).toBeNull();
    const file = new File(["Partner,Signed from\nAcme,2026-01-01\n"], "register.csv", { type: "text/csv" });
    await fireEvent.change(await screen.findByLabelText("Spreadsheet (.xlsx or .csv)"), { target: { files: [file] } });
    await fireEvent.input(await screen.findByLabelText("Effective: its header in your sheet"), { target: { value: "Signed from" } });
    await fireEvent.click(screen.getByRole("button", { name: "Check it" }));
    const rows = await screen.findByRole("table", { name: "What each row would do" });
    expect(within(rows).getAllByRole("row").slice(1).map((r) => r.textContent)).toEqual([
      "2Would createpartner Acme Health Ltd, partnership Falls data, a CDA",
      '3Skippedthe effective date "soon" is not a date (YYYY-MM-DD)',
    ]);
    expect(importRegister).toHaveBeenLastCalledWith("register.csv", expect.any(String), { effective: "Signed from" }, true);
    expect(atob(importRegister.mock.calls[0]![1])).toContain("Acme,2026-01-01");
    await fireEvent.click(screen.getByRole("button", { name: "Import it" }));
    await screen.findByRole("table", { name: "What each row did" });
    expect(importRegister).toHaveBeenLastCalledWith("register.csv", expect.any(String), { effective: "Signed from" }, false);
    expect(screen.getByText(/Created 1 partner, 1 partnership and 1 agreement; 1 row skipped/)).toBeTruthy();
  });

  it("pages a long list, and a stage chosen starts again at its first page", async () => {
    const partnerships = vi.fn(async (stage: string | null, page: number): Promise<PartnershipList> => ({
      rows: [{ id: `p${page}`, title: `Partnership on page ${page}`, partner: "x", partner_name: "Acme", kind: "data", stage: "discovery", owner_name: "" }],
      matching: 120,
      page,
      pages: stage === null ? 3 : 1,
      by_stage: [["discovery", 100], ["signed", 20]],
    }));
    render(PartnersPlace, { props: { api: api({ partnerships }) } });
    await screen.findByRole("table", { name: "120 partnerships, page 1 of 3" });
    await fireEvent.click(screen.getByRole("button", { name: /Next.*Page 2 of 3/ }));
    await screen.findByText("Partnership on page 2");
    expect(partnerships).toHaveBeenLastCalledWith(null, 2);
    await fireEvent.click(screen.getByRole("button", { name: "Signed (20)" }));
    await screen.findByText("Partnership on page 1");
    expect(partnerships).toHaveBeenLastCalledWith("signed", 1);
  });
});
