import { fireEvent, render, screen } from "@testing-library/svelte";
import { tick } from "svelte";
import { describe, expect, it } from "vitest";
import ErrorSummary from "./ErrorSummary.svelte";

describe("ErrorSummary", () => {
  it("lists every error with a link that moves focus to its field, without touching the address", async () => {
    document.body.innerHTML = '<input id="idea-title" /><textarea id="idea-problem"></textarea>';
    const before = location.hash;
    render(ErrorSummary, {
      props: {
        id: "form-errors",
        errors: [
          { field: "idea-title", text: "Enter a title" },
          { field: "idea-problem", text: "Remove the patient details" },
        ],
      },
    });
    // The summary takes focus as it appears, so it is read out first.
    await tick();
    await tick();
    expect(document.activeElement?.id).toBe("form-errors");
    const links = screen.getAllByRole("link");
    expect(links.map((l) => l.textContent)).toEqual(["Enter a title", "Remove the patient details"]);
    await fireEvent.click(links[1]!);
    expect(document.activeElement?.id).toBe("idea-problem");
    expect(location.hash).toBe(before);
  });

  it("draws nothing when there is no error", () => {
    render(ErrorSummary, { props: { id: "none", errors: [] } });
    expect(document.getElementById("none")).toBeNull();
  });
});
