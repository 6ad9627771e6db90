import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import { ASSURANCE_LEVELS } from "../../lib/words";
import BoardPackForm from "./BoardPackForm.svelte";

describe("BoardPackForm", () => {
  it("makes the pack for the period on screen with the cover typed, and says where it went", async () => {
    const make = vi.fn(async () => ({ path: "/home/lee/Downloads/Sprout board pack 2026-12-08.pdf", pages: 7, ideas: 41 }));
    render(BoardPackForm, { props: { from: "2025-12-09", to: "2026-12-08", site: "Royal", api: { make } } });
    await fireEvent.input(screen.getByLabelText("Meeting"), { target: { value: "Trust Innovation Board" } });
    await fireEvent.input(screen.getByLabelText("Recommendation"), { target: { value: "To note." } });
    const levels = [...(screen.getByLabelText("Assurance level") as HTMLSelectElement).options].map((o) => o.value);
    expect(levels).toEqual(ASSURANCE_LEVELS);
    await fireEvent.change(screen.getByLabelText("Assurance level"), { target: { value: "Limited assurance" } });
    await fireEvent.click(screen.getByRole("button", { name: "Make the board pack" }));
    expect(make).toHaveBeenCalledTimes(1);
    expect(make.mock.calls[0]).toEqual([
      expect.objectContaining({ from: "2025-12-09", to: "2026-12-08", site: "Royal", meeting: "Trust Innovation Board", recommendation: "To note.", assurance: "Limited assurance", title: "" }),
    ]);
    expect(await screen.findByText(/Saved to \/home\/lee\/Downloads\/Sprout board pack 2026-12-08.pdf: 7 pages, 41 ideas/)).toBeTruthy();
  });

  it("shows the backend's refusal beside the button", async () => {
    const make = vi.fn(async () => {
      throw { code: "not_a_date", message: "date must be written YYYY-MM-DD", field: null, patient_data: [] };
    });
    render(BoardPackForm, { props: { from: "", to: "", site: "", api: { make } } });
    await fireEvent.click(screen.getByRole("button", { name: "Make the board pack" }));
    expect(await screen.findByText(/Date must be written YYYY-MM-DD/)).toBeTruthy();
  });
});
