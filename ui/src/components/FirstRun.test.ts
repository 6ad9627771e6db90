import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import FirstRun from "./FirstRun.svelte";

function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${id}`);
  return el;
}

describe("FirstRun", () => {
  it("starts with the name field focused and sends a clinician's name and site", async () => {
    const onStart = vi.fn(async () => null);
    render(FirstRun, { props: { onStart } });
    expect(document.activeElement).toBe(input("first-name"));
    expect(document.getElementById("first-passphrase")).toBeNull();
    await fireEvent.input(input("first-name"), { target: { value: "Nia Nurse" } });
    await fireEvent.input(input("first-site"), { target: { value: "Ward 7" } });
    await fireEvent.click(screen.getByRole("button", { name: "Start using Sprout" }));
    expect(onStart).toHaveBeenCalledWith("Nia Nurse", "Ward 7", null);
  });

  it("has someone who will lead type a passphrase twice, and shows a refusal", async () => {
    const onStart = vi.fn(async (_n: string, _s: string, passphrase: string | null) => {
      if ((passphrase ?? "").length < 10) {
        throw { code: "weak_passphrase", message: "a passphrase needs at least 10 characters", field: null };
      }
      return null;
    });
    render(FirstRun, { props: { onStart } });
    await fireEvent.input(input("first-name"), { target: { value: "Lee Lead" } });
    await fireEvent.click(input("first-leads"));
    await fireEvent.input(input("first-passphrase"), { target: { value: "short" } });
    await fireEvent.input(input("first-passphrase-again"), { target: { value: "shorter" } });
    await fireEvent.click(screen.getByRole("button", { name: "Start using Sprout" }));
    expect(onStart).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("not the same");
    await fireEvent.input(input("first-passphrase-again"), { target: { value: "short" } });
    await fireEvent.click(screen.getByRole("button", { name: "Start using Sprout" }));
    expect(screen.getByRole("alert").textContent).toContain("at least 10");
    expect(onStart).toHaveBeenCalledWith("Lee Lead", "", "short");
  });
});
