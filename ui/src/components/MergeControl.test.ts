import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../api/ideas";
import MergeControl from "./MergeControl.svelte";

const idea = (id: string, over: Partial<Idea> = {}) => ({ id, title: `Idea ${id}`, merged_into: null, ...over }) as Idea;

describe("MergeControl", () => {
  it("draws its choices only once opened, and merges a duplicate into the idea chosen", async () => {
    const onMerge = vi.fn(async () => null);
    render(MergeControl, { props: { idea: idea("2"), others: [idea("1")], onMerge, onUnmerge: vi.fn() } });
    expect(document.querySelectorAll("option")).toHaveLength(0);
    const details = document.querySelector("details.app-merge") as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await fireEvent.change(screen.getByLabelText("The idea it repeats"), { target: { value: "1" } });
    await fireEvent.click(screen.getByRole("button", { name: "Merge “Idea 2”" }));
    expect(onMerge).toHaveBeenCalledWith("2", "1");
  });

  it("offers undo on a merged idea, and shows a refusal", async () => {
    const onUnmerge = vi.fn(async () => {
      throw { code: "not_allowed", message: "only leads may undo", field: null, patient_data: [] };
    });
    render(MergeControl, { props: { idea: idea("2", { merged_into: "1" }), others: [], onMerge: vi.fn(), onUnmerge } });
    await fireEvent.click(screen.getByRole("button", { name: "Undo merge of “Idea 2”" }));
    expect(onUnmerge).toHaveBeenCalledWith("2");
    expect((await screen.findByRole("alert")).textContent).toContain("Only leads may undo");
  });
});
