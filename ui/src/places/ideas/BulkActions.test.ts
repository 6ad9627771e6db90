import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../../test/fixtures";
import { backend } from "../../test/ipc";

import { banner } from "../../data/banner.svelte";
import BulkActions from "./BulkActions.svelte";

const a = idea({ id: "00000000-0000-7000-8000-00000000000a", title: "Quiet hours" });
const b = idea({ id: "00000000-0000-7000-8000-00000000000b", title: "Fax machines" });
const reviewers = [{ actor: "ana", person: "Ana Reviewer", site: "Royal", roles: ["reviewer" as const], revoked: false, last_work: null, may_be_asked_to_review: true }];

describe("BulkActions", () => {
  it("asks one reviewer to score every chosen idea", async () => {
    const ipc = backend({
      assign_reviewer_to_ideas: () => ({ done: [{ idea: a.id, title: a.title, refused: "" }, { idea: b.id, title: b.title, refused: "" }], refused: [] }),
    });
    const onDone = vi.fn();
    render(BulkActions, { props: { chosen: [a, b], reviewers, onDone } });
    expect(screen.getByText("2 ideas chosen")).toBeTruthy();
    await fireEvent.change(screen.getByLabelText(/Ask a reviewer/), { target: { value: "ana" } });
    await fireEvent.click(screen.getByRole("button", { name: "Ask for scores" }));
    await waitFor(() => expect(ipc.calls.at(-1)).toEqual({ cmd: "assign_reviewer_to_ideas", args: { ids: [a.id, b.id], reviewer: "ana" } }));
    expect(onDone).toHaveBeenCalled();
    expect(banner.text).toBe("2 ideas now ask Ana Reviewer for scores.");
  });

  it("needs a decision and a reason, then reports which moved and which were refused", async () => {
    const ipc = backend({
      decide_ideas: () => ({
        done: [{ idea: a.id, title: a.title, refused: "" }],
        refused: [{ idea: b.id, title: b.title, refused: "a declined idea stays declined" }],
      }),
    });
    const onDone = vi.fn();
    render(BulkActions, { props: { chosen: [a, b], reviewers, onDone } });
    await fireEvent.click(screen.getByRole("button", { name: "Decide for 2 ideas" }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toMatch(/Choose the decision.*Say why/);
    expect(ipc.count("decide_ideas")).toBe(0);
    await fireEvent.click(screen.getByLabelText(/Go: on to the next stage/));
    await fireEvent.input(screen.getByLabelText(/Why\?/), { target: { value: "Worth triage" } });
    await fireEvent.click(screen.getByRole("button", { name: "Decide for 2 ideas" }));
    await waitFor(() => expect(ipc.calls.at(-1)).toEqual({ cmd: "decide_ideas", args: { ids: [a.id, b.id], decision: "go", rationale: "Worth triage" } }));
    expect(onDone).toHaveBeenCalled();
    expect(banner.text).toBe("1 idea moved. 1 refused: “Fax machines”: a declined idea stays declined.");
  });
});
