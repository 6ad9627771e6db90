import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { GateView } from "../api/ideas";
import { idea } from "../test/fixtures";
import GatePanel from "./GatePanel.svelte";

const evaluate = idea({ stage: "evaluate" });
const gate: GateView = {
  stage: "evaluate",
  moves: [
    {
      decision: "go",
      to: "poc_planning",
      criteria: [
        { text: "The idea's text holds no patient details", met: true, todo: "", fix: "idea_text", field: null },
        { text: "A clinical sponsor is named", met: false, todo: "name a clinical sponsor", fix: "framework", field: "clinical_sponsor" },
      ],
    },
    { decision: "hold", to: "parked", criteria: [] },
  ],
};

describe("GatePanel", () => {
  it("shows each criterion of the chosen move as met or not, before anything is saved", async () => {
    const onFix = vi.fn();
    const onDecide = vi.fn();
    render(GatePanel, { props: { idea: evaluate, load: async () => gate, onDecide, onFix } });
    await fireEvent.click(await screen.findByLabelText(/Go: on to the next stage/));
    expect(screen.getByText(/Must be met before it moves to POC planning \(1 not met yet\)/)).toBeTruthy();
    const items = document.querySelectorAll(".app-criteria li");
    expect([...items].map((li) => li.getAttribute("data-met"))).toEqual(["true", "false"]);
    await fireEvent.click(screen.getByRole("button", { name: /Answer it/ }));
    expect(onFix).toHaveBeenCalledWith("framework", "clinical_sponsor");
    expect(onDecide).not.toHaveBeenCalled();
  });

  it("lists a missing reason in the error summary, then decides with it", async () => {
    const onDecide = vi.fn(async () => evaluate);
    render(GatePanel, { props: { idea: evaluate, load: async () => gate, onDecide } });
    await fireEvent.click(await screen.findByLabelText(/Hold: park it for now/));
    expect(document.querySelector(".app-criteria")).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: /Save decision/ }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toMatch(/There is a problem.*Say why/);
    expect(summary.querySelector("a")?.getAttribute("href")).toBe(`#gate-${evaluate.id}-rationale`);
    await fireEvent.input(screen.getByLabelText(/Why\?/), { target: { value: "Estates survey first" } });
    await fireEvent.click(screen.getByRole("button", { name: /Save decision/ }));
    await waitFor(() => expect(onDecide).toHaveBeenCalledWith(evaluate, "hold", "Estates survey first"));
  });

  it("says a declined idea stays declined", async () => {
    render(GatePanel, { props: { idea: idea({ stage: "declined" }), load: async () => ({ stage: "declined", moves: [] }), onDecide: vi.fn() } });
    expect(await screen.findByText(/A declined idea stays declined/)).toBeTruthy();
  });
});
