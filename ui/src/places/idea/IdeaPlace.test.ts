import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { SharingView } from "../../api/sharing";
import { idea } from "../../test/fixtures";

const api = vi.hoisted(() => ({
  getIdea: vi.fn(),
  ideaGate: vi.fn(),
  ideaPage: vi.fn(),
  listComments: vi.fn(),
  commentOnIdea: vi.fn(),
  decideIdea: vi.fn(),
  ideaFramework: vi.fn(),
  setFramework: vi.fn(),
  ideaTimeline: vi.fn(),
  mergeIdea: vi.fn(),
  unmergeIdea: vi.fn(),
}));
vi.mock("../../api/ideas", () => api);
vi.mock("../../api/scoring", () => ({ ideaScores: vi.fn(), scoreIdea: vi.fn(), assignReviewer: vi.fn(), recordConsensus: vi.fn() }));

import IdeaPlace from "./IdeaPlace.svelte";

const mine = idea({ submitted_by: "nurse", stage: "triage", title: "Quiet hours" });
const view = (over: Partial<SharingView>): SharingView =>
  ({ actor: "nurse", roles: ["clinician"], edits_any_idea: false, on_this_pc_only: false, person: "Nia", site: "", hub_name: null, location: null, revoked: false, fingerprint: null, ...over }) as SharingView;

function setUp() {
  api.getIdea.mockResolvedValue(mine);
  api.listComments.mockResolvedValue([]);
  api.ideaGate.mockResolvedValue({ stage: "triage", moves: [{ decision: "go", to: "refine", criteria: [] }] });
  api.ideaPage.mockResolvedValue({ ideas: [], total: 0, page: 1, pages: 1, per_page: 50, by_stage: [] });
}

describe("IdeaPlace", () => {
  it("tells its submitter what happens next, and shows a clinician no gate or frameworks", async () => {
    setUp();
    render(IdeaPlace, { props: { id: mine.id, view: view({}), members: [], version: 0, onBanner: vi.fn(), onEdit: vi.fn() } });
    expect(await screen.findByRole("heading", { level: 1, name: "Quiet hours" })).toBeTruthy();
    expect(document.getElementById("what-next")?.textContent).toMatch(/What happens next.*deciding whether to take it further/s);
    expect(document.querySelector(".app-gate")).toBeNull();
    expect(document.querySelector(".app-framework")).toBeNull();
    expect(document.querySelector(".app-scores")).toBeNull();
    expect(screen.getByRole("button", { name: /Edit/ })).toBeTruthy();
    expect(document.getElementById("comments")).toBeTruthy();
  });

  it("gives a lead the gate, scores, frameworks and duplicates, and no 'what next' on others' ideas", async () => {
    setUp();
    render(IdeaPlace, {
      props: { id: mine.id, view: view({ actor: "lead", roles: ["lead"], edits_any_idea: true }), members: [], version: 0, onBanner: vi.fn(), onEdit: vi.fn() },
    });
    await screen.findByRole("heading", { level: 1, name: "Quiet hours" });
    await waitFor(() => expect(document.querySelector(".app-gate")).toBeTruthy());
    expect(document.querySelector(".app-framework")).toBeTruthy();
    expect(document.querySelector(".app-scores")).toBeTruthy();
    expect(document.querySelector(".app-merge")).toBeTruthy();
    expect(document.getElementById("what-next")).toBeNull();
  });

  it("says why an idea cannot be shown", async () => {
    api.getIdea.mockRejectedValue({ code: "not_found", message: "no idea has that id", field: null });
    render(IdeaPlace, { props: { id: mine.id, view: view({}), members: [], version: 0, onBanner: vi.fn(), onEdit: vi.fn() } });
    expect((await screen.findByRole("alert")).textContent).toMatch(/No idea has that id/);
  });
});
