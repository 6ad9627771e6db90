import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../../test/fixtures";

const api = vi.hoisted(() => ({ decideIdeas: vi.fn(), assignReviewerToIdeas: vi.fn() }));
vi.mock("../../api/ideas", () => api);

import { banner } from "../../data/banner.svelte";
import BulkActions from "./BulkActions.svelte";

const a = idea({ id: "00000000-0000-7000-8000-00000000000a", title: "Quiet hours" });
const b = idea({ id: "00000000-0000-7000-8000-00000000000b", title: "Fax machines" });
const reviewers = [{ actor: "ana", person: "Ana Reviewer", site: "Royal", roles: ["reviewer" as const], revoked: false, last_work: null, may_be_asked_to_review: true }];

describe("BulkActions", () => {
  it("asks one reviewer to score every chosen idea", async () => {
    api.assignReviewerToIdeas.mockResolvedValue({ done: [{ idea: a.id, title: a.title, refused: "" }, { idea: b.id, title: b.title, refused: "" }], refused: [] });
    const onDone = vi.fn();
    render(BulkActions, { props: { chosen: [a, b], reviewers, onDone } });
    expect(screen.getByText("2 ideas chosen")).toBeTruthy();
    await fireEvent.change(screen.getByLabelText(/Ask a reviewer/), { target: { value: "ana" } });
    await fireEvent.click(screen.getByRole("button", { name: "Ask for scores" }));
    await waitFor(() => expect(api.assignReviewerToIdeas).toHaveBeenCalledWith([a.id, b.id], "ana"));
    expect(onDone).toHaveBeenCalled();
    expect(banner.text).toBe("2 ideas now ask Ana Reviewer for scores.");
  });

  it("needs a decision and a reason, then reports which moved and which were refused", async () => {
    api.decideIdeas.mockResolvedValue({
      done: [{ idea: a.id, title: a.title, refused: "" }],
      refused: [{ idea: b.id, title: b.title, refused: "a declined idea stays declined" }],
    });
    const onDone = vi.fn();
    render(BulkActions, { props: { chosen: [a, b], reviewers, onDone } });
    await fireEvent.click(screen.getByRole("button", { name: "Decide for 2 ideas" }));
    const summary = await screen.findByRole("alert");
    expect(summary.textContent).toMatch(/Choose the decision.*Say why/);
    expect(api.decideIdeas).not.toHaveBeenCalled();
    await fireEvent.click(screen.getByLabelText(/Go: on to the next stage/));
    await fireEvent.input(screen.getByLabelText(/Why\?/), { target: { value: "Worth triage" } });
    await fireEvent.click(screen.getByRole("button", { name: "Decide for 2 ideas" }));
    await waitFor(() => expect(api.decideIdeas).toHaveBeenCalledWith([a.id, b.id], "go", "Worth triage"));
    expect(onDone).toHaveBeenCalled();
    expect(banner.text).toBe("1 idea moved. 1 refused: “Fax machines”: a declined idea stays declined.");
  });
});
