import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { IdeaQuery } from "../../api/ideas";
import { idea } from "../../test/fixtures";

import { backend } from "../../test/ipc";

import BoardPlace from "./BoardPlace.svelte";

const card = (stage: string, n: number) =>
  idea({ id: `00000000-0000-7000-8000-${String(n).padStart(12, "0")}`, title: `${stage} ${n}`, stage } as never);

describe("BoardPlace", () => {
  it("asks the store for each column's own page, and arrow keys walk the cards", async () => {
    const ipc = backend({ idea_page: ({ query }) => {
      const q = query as IdeaQuery;
      const ideas = q.stage === "submitted" ? [card("submitted", 1), card("submitted", 2)] : q.stage === "evaluate" ? [card("evaluate", 3)] : [];
      const total = q.stage === "submitted" ? 40 : ideas.length;
      return { ideas, total, page: q.page ?? 1, pages: Math.max(1, Math.ceil(total / 15)), per_page: 15, by_stage: [] };
    } });
    const asked = () => ipc.calls.filter((c) => c.cmd === "idea_page").map((c) => c.args.query as IdeaQuery);
    render(BoardPlace);
    await waitFor(() => expect(document.querySelectorAll("#idea-board .app-board__card")).toHaveLength(3));
    expect(document.querySelectorAll("#idea-board > [data-stage-column]")).toHaveLength(8);
    expect(screen.getByRole("heading", { name: "Submitted (40)" })).toBeTruthy();
    expect(asked()).toContainEqual(expect.objectContaining({ stage: "triage", per_page: 15 }));
    // Cards open the idea's page.
    const first = screen.getByRole("link", { name: /submitted 1/ });
    expect(first.getAttribute("href")).toBe(`#/idea/${card("submitted", 1).id}`);
    first.focus();
    await fireEvent.keyDown(first, { key: "ArrowDown" });
    expect(document.activeElement?.textContent).toMatch(/submitted 2/);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowRight" });
    expect(document.activeElement?.textContent).toMatch(/evaluate 3/);
    await fireEvent.keyDown(document.activeElement!, { key: "ArrowLeft" });
    expect(document.activeElement?.textContent).toMatch(/submitted 1/);
    // One column pages on its own.
    await fireEvent.click(document.getElementById("column-submitted-next")!);
    await waitFor(() => expect(asked()).toContainEqual(expect.objectContaining({ stage: "submitted", page: 2 })));
  });
});
