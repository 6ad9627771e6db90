import { fireEvent, render, screen, waitFor } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { idea } from "../test/fixtures";
import IdeaHistory from "./IdeaHistory.svelte";

describe("IdeaHistory", () => {
  it("reads the timeline when opened and says it in plain words, without device ids", async () => {
    const load = vi.fn(async () => [
      { at: "2026-11-22T10:00:00Z", who: "Nia Nurse", device: "Ward 7 PC …a1b2c3", site: "Ward 7", what: "submitted the idea" },
      { at: "2026-11-22T11:00:00Z", who: "Priya Shah", device: "Hub PC …d4e5f6", site: "Hub", what: "moved it on, from Submitted to Triage: “Worth a look”" },
    ]);
    render(IdeaHistory, { props: { idea: idea(), load } });
    expect(load).not.toHaveBeenCalled();
    const details = document.querySelector("details")!;
    details.open = true;
    await fireEvent(details, new Event("toggle"));
    await waitFor(() => expect(screen.getByText(/moved it on, from Submitted to Triage/)).toBeTruthy());
    expect(details.textContent).toContain("Priya Shah, Hub");
    expect(details.textContent).not.toContain("…d4e5f6");
  });
});
