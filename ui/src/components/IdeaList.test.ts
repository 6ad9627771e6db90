import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { Idea } from "../api/ideas";
import { idea as fixture } from "../test/fixtures";
import { mayEdit } from "../api/sharing";
import type { SharingView } from "../api/sharing";
import IdeaList from "./IdeaList.svelte";

const idea = (id: string, title: string, problem = "A problem"): Idea => fixture({ id, title, problem });

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

  it("offers Edit only on ideas the person may change", () => {
    const view = { actor: "nurse", edits_any_idea: false } as SharingView;
    const theirs = { ...idea("1", "Hers"), submitted_by: "nurse" };
    const others = { ...idea("2", "The lead's"), submitted_by: "lead" };
    render(IdeaList, {
      props: { ideas: [theirs, others], onEdit: vi.fn(), canEdit: (i: Idea) => mayEdit(view, i) },
    });
    expect(screen.getByRole("button", { name: "Edit “Hers”" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: "Edit “The lead's”" })).toBeNull();
    expect(mayEdit({ ...view, edits_any_idea: true }, others)).toBe(true);
    expect(mayEdit(null, theirs)).toBe(false);
  });

  it("shows an idea's tags", () => {
    render(IdeaList, { props: { ideas: [{ ...idea("1", "Falls"), tags: ["falls", "night shift"] }], onEdit: vi.fn() } });
    const tags = screen.getByRole("list", { name: "Tags" });
    expect(tags.textContent).toContain("night shift");
  });

  it("shows each idea's stage and the latest decision with its reason", () => {
    const decided: Idea = {
      ...idea("1", "Falls"),
      stage: "refine",
      department: "Ward 7",
      last_decision: {
        decision: "go",
        from: "triage",
        to: "refine",
        rationale: "Seen on three wards",
        by: "lead",
        at: "2026-11-22T11:00:00Z",
        took_effect: true,
      },
    };
    render(IdeaList, { props: { ideas: [decided], onEdit: vi.fn() } });
    expect(document.querySelector("[data-stage]")?.textContent).toBe("Refine");
    expect(document.querySelector(".app-idea-decision")?.textContent).toContain("Seen on three wards");
    expect(document.getElementById("idea-list")?.textContent).toContain("Ward 7");
  });

  it("lets a lead decide at the gate, and shows why the backend refused", async () => {
    const onDecide = vi
      .fn()
      .mockRejectedValueOnce({ code: "gate_closed", message: "the gate to POC planning cannot open yet: name a clinical sponsor", field: null, patient_data: [] })
      .mockResolvedValueOnce(null);
    render(IdeaList, { props: { ideas: [idea("1", "Falls")], onEdit: vi.fn(), onDecide } });
    await fireEvent.click(screen.getByLabelText("Hold: park it for now"));
    await fireEvent.input(screen.getByLabelText(/Why\?/), { target: { value: "No capacity" } });
    await fireEvent.click(screen.getByRole("button", { name: "Save decision for “Falls”" }));
    expect(onDecide).toHaveBeenCalledWith(expect.objectContaining({ id: "1" }), "hold", "No capacity");
    expect((await screen.findByRole("alert")).textContent).toContain("name a clinical sponsor");
    await fireEvent.click(screen.getByRole("button", { name: "Save decision for “Falls”" }));
    expect(screen.queryByRole("alert")).toBeNull();
  });

  it("offers no gate to people who do not decide", () => {
    render(IdeaList, { props: { ideas: [idea("1", "Falls")], onEdit: vi.fn() } });
    expect(screen.queryByText(/Decide at this gate/)).toBeNull();
  });

  it("opens an idea's history from the op log", async () => {
    const loadTimeline = vi.fn(async () => [
      { at: "2026-11-22T10:00:00Z", who: "Nia Nurse", device: "Ward 7 PC …a1b2c3", what: "submitted the idea" },
      { at: "2026-11-22T11:00:00Z", who: "Priya Shah", device: "Hub PC …d4e5f6", what: "decided go at the gate" },
    ]);
    render(IdeaList, { props: { ideas: [idea("1", "Falls")], onEdit: vi.fn(), loadTimeline } });
    const details = document.querySelector("details.app-history") as HTMLDetailsElement;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await vi.waitFor(() => expect(details.textContent).toContain("Priya Shah (Hub PC …d4e5f6) decided go"));
    expect(loadTimeline).toHaveBeenCalledWith("1");
  });
});
