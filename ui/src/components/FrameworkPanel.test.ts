import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../api/ideas";
import FrameworkPanel from "./FrameworkPanel.svelte";

const idea = { id: "i1", title: "Falls" } as Idea;

describe("FrameworkPanel", () => {
  it("loads the answers and saves only the ones changed", async () => {
    const load = vi.fn(async () => ({ trl: "4" }));
    const save = vi.fn(async (_id: string, field: string, value: string) => ({ trl: "4", [field]: value }));
    render(FrameworkPanel, { props: { idea, load, save } });
    const details = document.querySelector("details.app-framework") as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await vi.waitFor(() => expect((document.getElementById("fw-i1-trl") as HTMLSelectElement).value).toBe("4"));
    await fireEvent.input(screen.getByLabelText("Clinical sponsor"), { target: { value: "Dr A Khan" } });
    await fireEvent.change(screen.getByLabelText("Is the POC patient-facing?"), { target: { value: "yes" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save answers for “Falls”" }));
    await vi.waitFor(() => expect(screen.getByRole("status").textContent).toBe("Answers saved."));
    expect(save.mock.calls.map((c) => [c[1], c[2]])).toEqual([
      ["clinical_sponsor", "Dr A Khan"],
      ["patient_facing", "yes"],
    ]);
  });

  it("shows why an answer was refused", async () => {
    const load = vi.fn(async () => ({}));
    const save = vi.fn(async () => {
      throw { code: "patient_data", message: "clinical_sponsor contains what looks like patient details", field: "clinical_sponsor", patient_data: [{ kind: "phone_number", start: 0, end: 5, text: "07700" }] };
    });
    render(FrameworkPanel, { props: { idea, load, save } });
    const details = document.querySelector("details.app-framework") as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await fireEvent.input(await screen.findByLabelText("Clinical sponsor"), { target: { value: "07700 900123" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save answers for “Falls”" }));
    expect((await screen.findByRole("alert")).textContent).toContain("patient details");
  });
});
