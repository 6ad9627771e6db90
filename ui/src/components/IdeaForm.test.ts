import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../test/fixtures";
import IdeaForm from "./IdeaForm.svelte";

function field(id: string): HTMLInputElement | HTMLTextAreaElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement)) throw new Error(`no field ${id}`);
  return el;
}

describe("IdeaForm", () => {
  it("sends what was typed, then clears itself and reports success", async () => {
    const onAdd = vi.fn(async () => idea({ title: "Night falls" }));
    const onSaved = vi.fn();
    render(IdeaForm, { props: { onAdd, onEdit: vi.fn(), onSaved } });

    await fireEvent.input(field("idea-title"), { target: { value: "Night falls" } });
    await fireEvent.input(field("idea-problem"), { target: { value: "Unseen falls" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));

    expect(onAdd).toHaveBeenCalledWith({
      title: "Night falls",
      problem: "Unseen falls",
      solution: null,
      affects: [],
      site: null,
      department: null,
      tags: [],
    });
    expect(onSaved).toHaveBeenCalledOnce();
    expect(field("idea-title").value).toBe("");
    expect(screen.getByRole("status").textContent).toContain("Idea “Night falls” saved.");
  });

  it("shows a backend error next to the field it concerns", async () => {
    const onAdd = vi.fn(async () => {
      throw { code: "empty", message: "title must not be empty", field: "title" };
    });
    render(IdeaForm, { props: { onAdd, onEdit: vi.fn(), onSaved: vi.fn() } });
    await fireEvent.input(field("idea-problem"), { target: { value: "Something" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));

    await vi.waitFor(() => expect(document.getElementById("idea-title-error")).not.toBeNull());
    const message = document.getElementById("idea-title-error");
    expect(message?.textContent).toContain("Enter a title");
    expect(field("idea-title").getAttribute("aria-describedby")).toContain("idea-title-error");
    expect(field("idea-title").getAttribute("aria-invalid")).toBe("true");
    expect(field("idea-problem").value).toBe("Something");
  });

  it("shows an error without a field in a summary", async () => {
    const onAdd = vi.fn(async () => {
      throw { code: "storage", message: "database error: disk full", field: null };
    });
    render(IdeaForm, { props: { onAdd, onEdit: vi.fn(), onSaved: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));
    expect(screen.getByRole("alert").textContent).toContain("Database error: disk full");
  });

  it("edits by sending only the fields that changed", async () => {
    const onEdit = vi.fn(async () => idea({ title: "Bedside hand gel" }));
    render(IdeaForm, { props: { editing: idea(), onAdd: vi.fn(), onEdit, onSaved: vi.fn() } });
    expect(screen.getByRole("heading", { name: "Edit idea" })).toBeTruthy();
    expect(field("idea-title").value).toBe("Bedside gel");

    await fireEvent.input(field("idea-title"), { target: { value: "Bedside hand gel" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(onEdit).toHaveBeenCalledWith(idea().id, {
      title: "Bedside hand gel",
      problem: null,
      solution: null,
      affects: null,
      site: null,
      department: null,
    });
  });

  it("corrects who it affects and where, sending just those", async () => {
    const onEdit = vi.fn(async () => idea());
    render(IdeaForm, { props: { editing: idea({ department: "Ward 7" }), onAdd: vi.fn(), onEdit, onSaved: vi.fn() } });
    expect(field("idea-department").value).toBe("Ward 7");
    await fireEvent.input(field("idea-department"), { target: { value: "Ward 9" } });
    await fireEvent.click(screen.getByLabelText("Carers"));
    await fireEvent.click(screen.getByRole("button", { name: "Save changes" }));
    expect(onEdit).toHaveBeenCalledWith(idea().id, expect.objectContaining({ department: "Ward 9", affects: ["carers"], site: null }));
  });

  it("marks the exact words that look like patient details and saves nothing", async () => {
    const onAdd = vi.fn(async () => {
      throw {
        code: "patient_data",
        message: "problem contains what looks like patient details",
        field: "problem",
        patient_data: [
          { kind: "nhs_number", start: 8, end: 20, text: "943 476 5919" },
          { kind: "postcode", start: 30, end: 37, text: "LS6 2AB" },
        ],
      };
    });
    const onSaved = vi.fn();
    render(IdeaForm, { props: { onAdd, onEdit: vi.fn(), onSaved } });
    await fireEvent.input(field("idea-title"), { target: { value: "Falls" } });
    await fireEvent.input(field("idea-problem"), { target: { value: "Patient 943 476 5919 lives at LS6 2AB" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));

    expect(onSaved).not.toHaveBeenCalled();
    await vi.waitFor(() => expect(document.getElementById("idea-problem-error")).not.toBeNull());
    const error = document.getElementById("idea-problem-error")?.textContent ?? "";
    expect(error).toContain("Remove the patient details highlighted below (an NHS number and a postcode)");
    const marks = [...document.querySelectorAll("#idea-problem-pid mark")].map((m) => m.textContent);
    expect(marks).toEqual(["943 476 5919", "LS6 2AB"]);
    expect(field("idea-problem").getAttribute("aria-describedby")).toContain("idea-problem-pid");
    expect(field("idea-problem").value).toBe("Patient 943 476 5919 lives at LS6 2AB");
  });

  it("sends who it affects, where, and tags, and keeps the place for the next idea", async () => {
    const onAdd = vi.fn(async () => idea({ title: "Night falls" }));
    render(IdeaForm, { props: { onAdd, onEdit: vi.fn(), onSaved: vi.fn() } });
    await fireEvent.input(field("idea-title"), { target: { value: "Night falls" } });
    await fireEvent.input(field("idea-problem"), { target: { value: "Unseen falls" } });
    await fireEvent.click(screen.getByLabelText("Patients"));
    await fireEvent.click(screen.getByLabelText("Staff"));
    await fireEvent.input(field("idea-site"), { target: { value: "St Elsewhere" } });
    await fireEvent.input(field("idea-department"), { target: { value: "Ward 7" } });
    await fireEvent.input(field("idea-tag"), { target: { value: "falls, night shift, " } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));
    expect(onAdd).toHaveBeenCalledWith(
      expect.objectContaining({
        affects: ["patients", "staff"],
        site: "St Elsewhere",
        department: "Ward 7",
        tags: ["falls", "night shift"],
      }),
    );
    expect(field("idea-department").value).toBe("Ward 7");
    expect(field("idea-tag").value).toBe("");
    expect((screen.getByLabelText("Patients") as HTMLInputElement).checked).toBe(false);
  });

  it("keeps a draft after a pause in typing and brings it back next time", async () => {
    vi.useFakeTimers();
    try {
      const saveDraft = vi.fn(async () => null);
      const loadDraft = vi.fn(async () => null);
      render(IdeaForm, { props: { onAdd: vi.fn(), onEdit: vi.fn(), onSaved: vi.fn(), saveDraft, loadDraft } });
      await vi.runAllTimersAsync();
      await fireEvent.input(field("idea-title"), { target: { value: "Night falls" } });
      await fireEvent.input(field("idea-problem"), { target: { value: "Half-writ" } });
      expect(saveDraft).not.toHaveBeenCalledWith(expect.objectContaining({ problem: "Half-writ" }));
      await vi.advanceTimersByTimeAsync(2100);
      expect(saveDraft).toHaveBeenLastCalledWith(expect.objectContaining({ title: "Night falls", problem: "Half-writ" }));
      expect(document.getElementById("draft-status")?.textContent).toContain("Draft kept at");
    } finally {
      vi.useRealTimers();
    }
  });

  it("restores a draft left by a crash", async () => {
    const loadDraft = vi.fn(async () => ({
      idea: { title: "Night falls", problem: "Half-written", solution: null, affects: ["staff"], site: null, department: "Ward 7", tags: ["falls"] },
      saved_at: "2026-11-22T10:31:00Z",
    }));
    render(IdeaForm, { props: { onAdd: vi.fn(), onEdit: vi.fn(), onSaved: vi.fn(), saveDraft: vi.fn(async () => null), loadDraft } });
    await vi.waitFor(() => expect(field("idea-title").value).toBe("Night falls"));
    expect(field("idea-department").value).toBe("Ward 7");
    expect(field("idea-tag").value).toBe("falls");
    expect((screen.getByLabelText("Staff") as HTMLInputElement).checked).toBe(true);
    expect(document.getElementById("draft-status")?.textContent).toContain("We kept what you were typing");
  });

  it("says when a draft is not kept because of patient details", async () => {
    vi.useFakeTimers();
    try {
      const saveDraft = vi.fn(async () => {
        throw { code: "patient_data", message: "x", field: "problem", patient_data: [] };
      });
      render(IdeaForm, { props: { onAdd: vi.fn(), onEdit: vi.fn(), onSaved: vi.fn(), saveDraft, loadDraft: vi.fn(async () => null) } });
      await vi.runAllTimersAsync();
      await fireEvent.input(field("idea-problem"), { target: { value: "NHS 943 476 5919" } });
      await vi.advanceTimersByTimeAsync(2100);
      expect(document.getElementById("draft-status")?.textContent).toContain("Not kept as a draft");
    } finally {
      vi.useRealTimers();
    }
  });

  it("shows look-alike ideas while typing and supports one instead of a duplicate", async () => {
    const existing = idea({ id: "019a0c3e-0000-7000-8000-000000000001", title: "Bed-exit sensors for night-time falls", stage: "triage", supporters: 2 });
    const findSimilar = vi.fn(async () => [{ idea: existing, likeness: 0.48 }]);
    const onSupport = vi.fn(async () => ({ ...existing, supporters: 3 }));
    const onSaved = vi.fn();
    render(IdeaForm, { props: { onAdd: vi.fn(), onEdit: vi.fn(), onSaved, findSimilar, onSupport } });
    await fireEvent.input(field("idea-title"), { target: { value: "Nocturnal falls" } });
    const panel = await screen.findByRole("heading", { name: "Similar ideas already submitted" });
    expect(findSimilar).toHaveBeenLastCalledWith("Nocturnal falls", "");
    expect(panel.parentElement?.textContent).toContain("Triage · 2 supporting");
    await fireEvent.click(screen.getByRole("button", { name: "Support this idea “Bed-exit sensors for night-time falls”" }));
    expect(onSupport).toHaveBeenCalledWith(existing.id, "");
    expect(screen.getByRole("status").textContent).toContain("your support was added");
    expect(field("idea-title").value).toBe("");
    expect(onSaved).toHaveBeenCalledOnce();
  });
});
