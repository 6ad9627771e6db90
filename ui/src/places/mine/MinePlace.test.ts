import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../../test/fixtures";

const api = vi.hoisted(() => ({ ideaPage: vi.fn(), myIdeaNews: vi.fn(), markMyIdeasSeen: vi.fn() }));
vi.mock("../../api/ideas", () => api);

import MinePlace from "./MinePlace.svelte";

const decided = idea({
  id: "00000000-0000-7000-8000-000000000001",
  title: "Quiet hours",
  stage: "triage",
  last_decision: { decision: "go", rationale: "Seen on three wards", at: "2026-11-23T10:00:00Z" },
} as never);
const quiet = idea({ id: "00000000-0000-7000-8000-000000000002", title: "Hand gel" });

describe("MinePlace", () => {
  it("marks what changed since the person last looked, then marks it seen", async () => {
    api.ideaPage.mockResolvedValue({ ideas: [decided, quiet], total: 2, page: 1, pages: 1, per_page: 20, by_stage: [] });
    api.myIdeaNews.mockResolvedValue([{ idea: decided.id, decided: true, comments: 2, supporters: 1 }]);
    api.markMyIdeasSeen.mockResolvedValue(null);
    const onSeen = vi.fn();
    render(MinePlace, { props: { me: "nurse", version: 0, onSeen } });
    expect(await screen.findByText("New: a decision, 2 comments, a supporter")).toBeTruthy();
    expect(screen.getByText(/1 has news since you last looked/)).toBeTruthy();
    expect(screen.getByText("Seen on three wards")).toBeTruthy();
    expect(document.querySelectorAll("[data-new]")).toHaveLength(1);
    await waitFor(() => expect(onSeen).toHaveBeenCalled());
    expect(api.markMyIdeasSeen).toHaveBeenCalled();
    expect(api.ideaPage).toHaveBeenCalledWith(expect.objectContaining({ submitted_by: "nurse", include_merged: true, per_page: 20 }));
  });

  it("invites a first idea when there is none", async () => {
    api.ideaPage.mockResolvedValue({ ideas: [], total: 0, page: 1, pages: 1, per_page: 20, by_stage: [] });
    api.myIdeaNews.mockResolvedValue([]);
    render(MinePlace, { props: { me: "nurse", version: 0, onSeen: vi.fn() } });
    expect(await screen.findByText(/You have not shared an idea yet/)).toBeTruthy();
  });
});
