import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { decisionFor } from "../api/ideas";
import type { Idea } from "../api/ideas";
import IdeaBoard from "./IdeaBoard.svelte";

const idea = (id: string, stage: Idea["stage"]): Idea =>
  ({ id, title: `Idea ${id}`, stage, site: "", department: "", author: "A", supporters: 0, tags: [] }) as unknown as Idea;

function dropOn(stage: string, id: string) {
  const column = document.querySelector(`[data-stage-column="${stage}"]`) as HTMLElement;
  const dataTransfer = { getData: () => id, setData: () => {} };
  return fireEvent.drop(column, { dataTransfer });
}

describe("decisionFor", () => {
  it("names the decision that makes each move, and none for a jump", () => {
    expect(decisionFor("triage", "refine")).toBe("go");
    expect(decisionFor("evaluate", "parked")).toBe("hold");
    expect(decisionFor("poc_review", "refine")).toBe("recycle");
    expect(decisionFor("triage", "declined")).toBe("stop");
    expect(decisionFor("parked", "triage")).toBe("go");
    expect(decisionFor("triage", "poc_running")).toBeNull();
    expect(decisionFor("declined", "triage")).toBeNull();
  });
});

describe("IdeaBoard", () => {
  it("shows a column per stage with its ideas", () => {
    render(IdeaBoard, { props: { ideas: [idea("1", "triage"), idea("2", "triage"), idea("3", "parked")] } });
    expect(screen.getByRole("region", { name: "Triage (2)" }).textContent).toContain("Idea 2");
    expect(screen.getByRole("region", { name: "Parked (1)" })).toBeTruthy();
    expect(screen.getAllByRole("region")).toHaveLength(10);
    expect(screen.queryByText(/Decide at this gate/)).toBeNull();
  });

  it("a drop on a column opens the card's gate with that decision, asking why", async () => {
    const onDecide = vi.fn(async () => null);
    render(IdeaBoard, { props: { ideas: [idea("1", "evaluate")], onDecide } });
    await dropOn("parked", "1");
    expect(document.getElementById("board-notice")?.textContent).toContain("moves to Parked");
    const hold = document.getElementById("gate-1-hold") as HTMLInputElement;
    await vi.waitFor(() => expect(hold.checked).toBe(true));
    await fireEvent.input(document.getElementById("gate-1-rationale") as HTMLTextAreaElement, { target: { value: "No capacity" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save decision for “Idea 1”" }));
    expect(onDecide).toHaveBeenCalledWith(expect.objectContaining({ id: "1" }), "hold", "No capacity");
  });

  it("says when a drop asks for a move no single decision makes", async () => {
    render(IdeaBoard, { props: { ideas: [idea("1", "triage")], onDecide: vi.fn() } });
    await dropOn("poc_running", "1");
    expect(document.getElementById("board-notice")?.textContent).toContain("cannot move from Triage to POC running");
  });
});
