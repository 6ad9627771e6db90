import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { IdeaPage, IdeaQuery } from "../api/ideas";
import { idea } from "../test/fixtures";
import MergePanel from "./MergePanel.svelte";

const dup = idea({ id: "00000000-0000-7000-8000-000000000001", title: "Gel by the beds" });
const kept = idea({ id: "00000000-0000-7000-8000-000000000002", title: "Bedside gel", site: "Royal", author: "Ana", stage: "triage" });
const page = (ideas = [kept, dup]): IdeaPage => ({ ideas, total: ideas.length, page: 1, pages: 1, per_page: 8, by_stage: [] });

describe("MergePanel", () => {
  it("searches for the idea to keep, shows where each came from, and merges only once confirmed", async () => {
    const find = vi.fn(async (q: IdeaQuery) => (q.merged_into ? page([]) : page()));
    const onMerge = vi.fn(async () => dup);
    render(MergePanel, { props: { idea: dup, find, onMerge, onUnmerge: vi.fn() } });
    await fireEvent.input(screen.getByLabelText(/Find the idea this one repeats/), { target: { value: "gel" } });
    const choice = await screen.findByLabelText(/Bedside gel/, {}, { timeout: 2000 });
    expect(choice.closest(".nhsuk-radios__item")?.textContent).toMatch(/Triage · Ana, Royal/);
    expect(screen.queryByLabelText(/Gel by the beds/)).toBeNull();
    await fireEvent.click(choice);
    await fireEvent.click(screen.getByRole("button", { name: "Merge into the chosen idea" }));
    expect(onMerge).not.toHaveBeenCalled();
    expect(screen.getByText(/Merge “Gel by the beds” into “Bedside gel”\?/)).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "Yes, merge" }));
    await waitFor(() => expect(onMerge).toHaveBeenCalledWith(dup.id, kept.id));
  });

  it("lists what was merged into the kept idea, each with undo for a lead only", async () => {
    const find = vi.fn(async (q: IdeaQuery) => (q.merged_into ? page([dup]) : page()));
    const onUnmerge = vi.fn(async () => dup);
    const { unmount } = render(MergePanel, { props: { idea: kept, find, onMerge: vi.fn(), onUnmerge } });
    const list = await screen.findByText("Gel by the beds");
    expect(list.closest("#merged-into-this")).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: /Undo the merge of “Gel by the beds”/ }));
    await waitFor(() => expect(onUnmerge).toHaveBeenCalledWith(dup.id));
    unmount();
    render(MergePanel, { props: { idea: kept, find, onMerge: vi.fn(), onUnmerge, mayMerge: false } });
    await screen.findByText("Gel by the beds");
    expect(screen.queryByRole("button", { name: /Undo/ })).toBeNull();
    expect(screen.queryByLabelText(/Find the idea/)).toBeNull();
  });
});
