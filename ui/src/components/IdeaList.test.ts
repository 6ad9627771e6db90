import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../api/ideas";
import IdeaList from "./IdeaList.svelte";

const idea = (id: string, title: string, problem = "A problem"): Idea => ({
  id,
  title,
  problem,
  solution: null,
  author: "A. Nurse",
  created_at: "2026-11-22T10:00:00Z",
  updated_at: "2026-11-22T10:00:00Z",
});

describe("IdeaList", () => {
  it("renders HTML and script in ideas as text", () => {
    const hostile = `<img src=x onerror="alert(1)"><script>alert(2)</script>`;
    render(IdeaList, { props: { ideas: [idea("1", hostile, hostile)], onEdit: vi.fn() } });
    const list = document.getElementById("idea-list");
    expect(list?.querySelector("img")).toBeNull();
    expect(list?.querySelector("script")).toBeNull();
    expect(list?.textContent).toContain(hostile);
  });

  it("tells a first-time user what to do when there are no ideas", () => {
    render(IdeaList, { props: { ideas: [], onEdit: vi.fn() } });
    expect(document.getElementById("idea-list-empty")?.textContent).toContain("No ideas yet");
  });

  it("says when a search finds nothing, and counts matches", () => {
    const { rerender } = render(IdeaList, { props: { ideas: [], query: "zebra", onEdit: vi.fn() } });
    expect(document.getElementById("idea-list-empty")?.textContent).toContain("No ideas match “zebra”.");
    rerender({ ideas: [idea("1", "Falls")], query: "falls", onEdit: vi.fn() });
    expect(document.getElementById("idea-count")?.textContent).toBe("1 idea matches “falls”");
  });

  it("offers each idea for editing", async () => {
    const onEdit = vi.fn();
    render(IdeaList, { props: { ideas: [idea("1", "First"), idea("2", "Second")], onEdit } });
    await fireEvent.click(screen.getByRole("button", { name: "Edit “Second”" }));
    expect(onEdit).toHaveBeenCalledWith(expect.objectContaining({ id: "2" }));
  });
});
