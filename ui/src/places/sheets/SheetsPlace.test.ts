import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { ImportMapping, ImportReport, ImportSheet, SheetsApi } from "../../api/sheets";
import { banner } from "../../data/banner.svelte";
import SheetsPlace from "./SheetsPlace.svelte";

const mapping: ImportMapping = {
  name: "forms",
  columns: [
    { header: "ID", target: "source_id" },
    { header: "Idea title", target: "title" },
    { header: "What problem?", target: "problem" },
    { header: "Ward", target: "ignore" },
  ],
};
const sheet: ImportSheet = {
  header: mapping.columns.map((c) => c.header),
  mapping,
  mappings: ["sprout", "forms"],
  choices: [
    { target: "ignore", label: "Not imported" },
    { target: "source_id", label: "ID" },
    { target: "title", label: "Title" },
    { target: "problem", label: "Problem" },
    { target: "department", label: "Department" },
  ],
};
const report = (dryRun: boolean): ImportReport => ({
  dry_run: dryRun,
  cancelled: false,
  rows: 3,
  created: [{ row: 2, idea: dryRun ? null : "i1", changed: [] }],
  updated: [],
  unchanged: 1,
  skipped: [{ row: 3, column: "What problem?", reason: "patient details found in the What problem? column" }],
});

function api(over: Partial<SheetsApi> = {}): SheetsApi {
  return {
    readImportSheet: vi.fn(async () => structuredClone(sheet)),
    importIdeas: vi.fn(async (_n: string, _c: string, _m: ImportMapping, dryRun: boolean) => report(dryRun)),
    importProgress: vi.fn(async () => ({ running: true, rows: 2, cancelling: false })),
    cancelImport: vi.fn(async () => null),
    exportSheet: vi.fn(async () => ({ path: "/home/lee/Downloads/Sprout export 2026-11-29.xlsx", sheets: [] })),
    ...over,
  };
}

async function choose(name = "ideas.xlsx") {
  const input = document.getElementById("import-file") as HTMLInputElement;
  Object.defineProperty(input, "files", { value: [new File(["x"], name)], configurable: true });
  await fireEvent.change(input);
  await fireEvent.click(screen.getByRole("button", { name: "Read the sheet" }));
}

describe("SheetsPlace", () => {
  it("asks for a file before reading anything", async () => {
    const a = api();
    render(SheetsPlace, { props: { api: a } });
    await fireEvent.click(screen.getByRole("button", { name: "Read the sheet" }));
    expect((await screen.findByRole("link", { name: /Choose an .xlsx or .csv file/ })).getAttribute("href")).toBe("#import-file");
    expect(a.readImportSheet).not.toHaveBeenCalled();
  });

  it("runs a dry run with the changed mapping before it offers to import, and names skipped rows by column", async () => {
    const a = api();
    render(SheetsPlace, { props: { api: a } });
    await choose();
    const ward = (await screen.findByLabelText("Ward")) as HTMLSelectElement;
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();
    await fireEvent.change(ward, { target: { value: "department" } });
    await fireEvent.click(screen.getByRole("button", { name: /Check the sheet/ }));
    await vi.waitFor(() => expect(document.getElementById("import-report")?.dataset.dryRun).toBe("true"));
    const sent = vi.mocked(a.importIdeas).mock.calls[0]!;
    expect(sent[2].columns[3]).toEqual({ header: "Ward", target: "department" });
    expect(sent[3]).toBe(true);
    expect(document.getElementById("import-created")?.textContent).toBe("1 idea would be created");
    expect(document.getElementById("import-skipped-rows")?.textContent).toContain("What problem?");

    // Changing the mapping again asks for a fresh dry run.
    await fireEvent.change(ward, { target: { value: "ignore" } });
    expect(screen.queryByRole("button", { name: /^Import/ })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /Check the sheet/ }));
    await fireEvent.click(await screen.findByRole("button", { name: "Import 1 ideas" }));
    await vi.waitFor(() => expect(banner.text).toContain("1 ideas created"));
    expect(vi.mocked(a.importIdeas).mock.calls[2]![3]).toBe(false);
    expect(document.getElementById("import-report")?.dataset.dryRun).toBe("false");
  });

  it("shows why a sheet cannot be read", async () => {
    const a = api({
      readImportSheet: vi.fn(async () => {
        throw { code: "spreadsheet", message: "ideas.pdf is not a file Sprout reads", field: null, patient_data: [] };
      }),
    });
    render(SheetsPlace, { props: { api: a } });
    await choose("ideas.pdf");
    expect(await screen.findByRole("link", { name: /is not a file Sprout reads/ })).toBeTruthy();
  });

  it("exports everything to Downloads", async () => {
    const a = api();
    render(SheetsPlace, { props: { api: a } });
    await fireEvent.click(screen.getByRole("button", { name: "Export everything" }));
    await vi.waitFor(() => expect(document.getElementById("export-status")?.textContent).toContain("Saved to /home/lee/Downloads"));
    expect(a.exportSheet).toHaveBeenCalledWith({}, "all", "xlsx");
  });
});
