import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { idea } from "../../test/fixtures";
import { backend } from "../../test/ipc";

/** A ward PC's backend: no draft kept, nothing similar yet. */
const ward = (more: Record<string, (args: Record<string, unknown>) => unknown>) =>
  backend({ load_draft: () => null, save_draft: () => null, similar_ideas: () => [], ...more });

import SharePlace from "./SharePlace.svelte";

describe("SharePlace", () => {
  it("starts with the title focused and saves with Ctrl+Enter from the problem", async () => {
    const ipc = ward({ add_idea: () => idea({ title: "Quiet hours" }) });
    render(SharePlace);
    await waitFor(() => expect(document.activeElement?.id).toBe("idea-title"));
    await fireEvent.input(screen.getByLabelText("Title"), { target: { value: "Quiet hours" } });
    const problem = screen.getByLabelText("What is the problem?");
    await fireEvent.input(problem, { target: { value: "Noise at night" } });
    await fireEvent.keyDown(problem, { key: "Enter", ctrlKey: true });
    await waitFor(() =>
      expect(ipc.calls.find((c) => c.cmd === "add_idea")?.args.idea).toEqual(expect.objectContaining({ title: "Quiet hours", problem: "Noise at night" })),
    );
    await waitFor(() => expect(document.getElementById("idea-form-status")?.textContent).toBe("Idea “Quiet hours” saved."));
  });

  it("lists every problem the save and the check found, at the top, linked to the fields", async () => {
    ward({
      add_idea: () => {
        throw { code: "empty", message: "enter a title", field: "title", patient_data: [] };
      },
      check_idea: () => [
        { code: "empty", message: "enter a title", field: "title", patient_data: [] },
        { code: "patient_data", message: "remove the patient details (an NHS number)", field: "problem", patient_data: [{ kind: "nhs_number", start: 4, end: 16, text: "943 476 5919" }] },
      ],
    });
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
