import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Comment } from "../api/ideas";
import Comments from "./Comments.svelte";

const comment = (n: number, over: Partial<Comment> = {}): Comment => ({
  id: `c${n}`,
  by: "actor",
  author: "Ana Reviewer",
  at: "2026-11-20T10:00:00Z",
  text: `Comment ${n}`,
  support: false,
  ...over,
});

describe("Comments", () => {
  it("lists the comments oldest first, marking support", async () => {
    const load = vi.fn(async () => [comment(1), comment(2, { support: true, text: "We see this on ward 9" })]);
    render(Comments, { props: { ideaId: "i1", load, add: vi.fn() } });
    await waitFor(() => expect(screen.getByText("Comments (2)")).toBeTruthy());
    const items = document.querySelectorAll("#comment-list li");
    expect(items[0]?.textContent).toContain("Comment 1");
    expect(items[1]?.textContent).toContain("Sees this too");
    expect(load).toHaveBeenCalledWith("i1");
  });

  it("adds a comment, and marks patient details it refuses", async () => {
    const add = vi.fn(async (_id: string, text: string) => {
      if (text.includes("943")) {
        throw {
          code: "patient_data",
          message: "comment contains what looks like patient details",
          field: null,
          patient_data: [{ kind: "nhs_number", start: 4, end: 16, text: "943 476 5919" }],
        };
      }
      return comment(3, { text });
    });
    render(Comments, { props: { ideaId: "i1", load: async () => [], add } });
    const box = document.getElementById("comment-text") as HTMLTextAreaElement;
    await fireEvent.input(box, { target: { value: "NHS 943 476 5919 fell" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add comment" }));
    await waitFor(() => expect(document.querySelector("#comment-text-pid mark")?.textContent).toBe("943 476 5919"));
    await fireEvent.input(box, { target: { value: "Worth a trial on nights" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add comment" }));
    await waitFor(() => expect(screen.getByText("Worth a trial on nights")).toBeTruthy());
    expect(document.getElementById("comment-status")?.textContent).toBe("Your comment was added.");
    expect(box.value).toBe("");
  });
});
