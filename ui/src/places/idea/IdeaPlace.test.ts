import { render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { SharingView } from "../../api/sharing";
import { session } from "../../data/session.svelte";
import { MAY, idea } from "../../test/fixtures";
import { backend } from "../../test/ipc";
import IdeaPlace from "./IdeaPlace.svelte";

const mine = idea({ submitted_by: "nurse", stage: "triage", title: "Quiet hours" });
const view = (over: Partial<SharingView>): SharingView => ({
  actor: "nurse",
  roles: ["clinician"],
  may: MAY.clinician,
  roles_locked: false,
  on_this_pc_only: false,
  person: "Nia",
  site: "",
  hub_name: null,
  location: null,
  revoked: false,
  fingerprint: null,
  ...over,
});

// The backend as the idea's page asks it; what the acting person may do comes with `sharing`.
async function as(who: SharingView, getIdea: () => unknown = () => mine) {
  const ipc = backend({
    sharing: () => who,
    get_idea: getIdea,
    list_comments: () => [],
    idea_gate: () => ({ stage: "triage", moves: [{ decision: "go", to: "refine", criteria: [] }] }),
    idea_page: () => ({ ideas: [], total: 0, page: 1, pages: 1, per_page: 50, by_stage: [] }),
  });
  await session.view.run();
  return ipc;
}

describe("IdeaPlace", () => {
  it("tells its submitter what happens next, and shows a clinician no gate or frameworks", async () => {
    await as(view({}));
    render(IdeaPlace, { props: { id: mine.id } });
    expect(await screen.findByRole("heading", { level: 1, name: "Quiet hours" })).toBeTruthy();
    expect(document.getElementById("what-next")?.textContent).toMatch(/What happens next.*deciding whether to take it further/s);
    expect(document.querySelector(".app-gate")).toBeNull();
    expect(document.querySelector(".app-framework")).toBeNull();
    expect(document.querySelector(".app-scores")).toBeNull();
    expect(screen.getByRole("link", { name: /Edit/ }).getAttribute("href")).toBe(`#/idea/${mine.id}/edit`);
    expect(document.getElementById("comments")).toBeTruthy();
  });

  it("gives a lead the gate, scores, frameworks and duplicates, and no 'what next' on others' ideas", async () => {
    await as(view({ actor: "lead", roles: ["lead"], may: MAY.lead }));
    render(IdeaPlace, { props: { id: mine.id } });
    await screen.findByRole("heading", { level: 1, name: "Quiet hours" });
    await waitFor(() => expect(document.querySelector(".app-gate")).toBeTruthy());
    expect(document.querySelector(".app-framework")).toBeTruthy();
    expect(document.querySelector(".app-scores")).toBeTruthy();
    expect(document.querySelector(".app-merge")).toBeTruthy();
    expect(document.getElementById("what-next")).toBeNull();
  });

  it("says why an idea cannot be shown", async () => {
    await as(view({}), () => {
      throw { code: "not_found", message: "no idea has that id", field: null };
    });
    render(IdeaPlace, { props: { id: mine.id } });
    expect((await screen.findByRole("alert")).textContent).toMatch(/No idea has that id/);
  });
});
