import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../../test/fixtures";

const api = vi.hoisted(() => ({
  addIdea: vi.fn(),
  checkIdea: vi.fn(),
  editIdea: vi.fn(),
  loadDraft: vi.fn(async () => null),
  saveDraft: vi.fn(async () => null),
  similarIdeas: vi.fn(async () => []),
  supportIdea: vi.fn(),
}));
vi.mock("../../api/ideas", async (original) => ({ ...(await original<object>()), ...api }));

import SharePlace from "./SharePlace.svelte";

describe("SharePlace", () => {
  it("starts with the title focused and saves with Ctrl+Enter from the problem", async () => {
    api.addIdea.mockResolvedValue(idea({ title: "Quiet hours" }));
    render(SharePlace);
    await waitFor(() => expect(document.activeElement?.id).toBe("idea-title"));
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Quiet hours" } });
    const problem = screen.getByLabelText("What is the problem?");
    await fireEvent.input(problem, { target: { value: "Noise at night" } });
    await fireEvent.keyDown(problem, { key: "Enter", ctrlKey: true });
    await waitFor(() => expect(api.addIdea).toHaveBeenCalledWith(expect.objectContaining({ title: "Quiet hours", problem: "Noise at night" })));
    await waitFor(() => expect(document.getElementById("idea-form-status")?.textContent).toBe("Idea “Quiet hours” saved."));
  });

  it("lists every problem the save and the check found, at the top, linked to the fields", async () => {
    api.addIdea.mockRejectedValue({ code: "empty", message: "enter a title", field: "title", patient_data: [] });
    api.checkIdea.mockResolvedValue([
      { code: "empty", message: "enter a title", field: "title", patientData: [] },
      { code: "patient_data", message: "remove the patient details (an NHS number)", field: "problem", patientData: [{ kind: "nhs_number", start: 4, end: 16 }] },
    ]);
    render(SharePlace);
    await fireEvent.input(screen.getByLabelText("What is the problem?"), { target: { value: "NHS 943 476 5919 fell" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save idea" }));
    const summary = await screen.findByRole("alert");
    const links = [...summary.querySelectorAll("a")].map((a) => a.getAttribute("href"));
    expect(links).toEqual(["#idea-title", "#idea-problem"]);
    expect(document.getElementById("idea-title-error")).toBeTruthy();
    expect(document.getElementById("idea-problem-error")).toBeTruthy();
  });
});
