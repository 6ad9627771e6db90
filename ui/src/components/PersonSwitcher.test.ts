import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { PersonView } from "../api/people";
import PersonSwitcher from "./PersonSwitcher.svelte";

function person(name: string, over: Partial<PersonView> = {}): PersonView {
  return {
    actor: `actor-${name}`,
    person: name,
    site: "Ward 7",
    roles: ["clinician"],
    acting: false,
    has_passphrase: false,
    needs_passphrase: false,
    locked: false,
    key_without_passphrase: false,
    ...over,
  };
}

const nia = person("Nia Nurse", { acting: true });
const ben = person("Ben Porter");
const rita = person("Rita Reviewer", { roles: ["reviewer"], has_passphrase: true, needs_passphrase: true });
const lee = person("Lee Lead", { roles: ["lead"], key_without_passphrase: true });

function input(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${id}`);
  return el;
}

describe("PersonSwitcher", () => {
  it("says who is using Sprout and switches to a clinician with one pick", async () => {
    const onSwitch = vi.fn(async () => null);
    render(PersonSwitcher, { props: { people: [nia, ben, rita], onSwitch, onAdd: vi.fn() } });
    expect(document.getElementById("acting-person")?.textContent).toBe("Nia Nurse");
    expect(screen.queryByRole("button", { name: /^Nia Nurse/ })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Ben Porter" }));
    expect(onSwitch).toHaveBeenCalledWith("actor-Ben Porter", null);
  });

  it("asks a reviewer for her passphrase before switching, and says when it is wrong", async () => {
    const onSwitch = vi.fn(async (_actor: string, passphrase: string | null) => {
      if (passphrase !== "willow kettle harbour") {
        throw { code: "wrong_passphrase", message: "that passphrase does not unlock this key", field: null };
      }
      return null;
    });
    render(PersonSwitcher, { props: { people: [nia, ben, rita], onSwitch, onAdd: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: /Rita Reviewer/ }));
    expect(onSwitch).not.toHaveBeenCalled();
    expect(document.activeElement).toBe(input("passphrase"));
    await fireEvent.input(input("passphrase"), { target: { value: "willow kettle harbor" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    expect(screen.getByRole("alert").textContent).toContain("does not unlock");
    await fireEvent.input(input("passphrase"), { target: { value: "willow kettle harbour" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    expect(onSwitch).toHaveBeenLastCalledWith("actor-Rita Reviewer", "willow kettle harbour");
  });

  it("never asks anyone to choose a passphrase for a lead whose key has none", async () => {
    const onSwitch = vi.fn(async () => null);
    const { rerender } = render(PersonSwitcher, { props: { people: [nia, lee], onSwitch, onAdd: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: /Lee Lead/ }));
    expect(onSwitch).toHaveBeenCalledWith("actor-Lee Lead", null);
    expect(document.getElementById("passphrase")).toBeNull();
    await rerender({ people: [{ ...nia, acting: false }, { ...lee, acting: true }], onSwitch, onAdd: vi.fn() });
    expect(document.getElementById("key-without-passphrase")?.textContent).toContain("act as a clinician");
  });

  it("has a new reviewer type their passphrase twice", async () => {
    const onAdd = vi.fn(async () => null);
    render(PersonSwitcher, { props: { people: [nia], onSwitch: vi.fn(), onAdd } });
    await fireEvent.input(input("new-person"), { target: { value: "Rita Reviewer" } });
    await fireEvent.input(input("new-passphrase"), { target: { value: "willow kettle harbour" } });
    await fireEvent.input(input("new-passphrase-again"), { target: { value: "willow kettle harbor" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add and switch" }));
    expect(onAdd).not.toHaveBeenCalled();
    expect(screen.getByRole("alert").textContent).toContain("not the same");
    await fireEvent.input(input("new-passphrase-again"), { target: { value: "willow kettle harbour" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add and switch" }));
    expect(onAdd).toHaveBeenCalledWith("Rita Reviewer", "willow kettle harbour");
  });

  it("adds someone new, and shows why a name was refused", async () => {
    const onAdd = vi.fn(async (name: string) => {
      if (name === "Nia Nurse") {
        throw { code: "already_enrolled", message: "Nia Nurse is already on this PC: pick them from the list", field: null };
      }
      return null;
    });
    render(PersonSwitcher, { props: { people: [nia], onSwitch: vi.fn(), onAdd } });
    expect(screen.getByText("Nobody else uses Sprout on this PC yet.")).toBeTruthy();
    await fireEvent.input(input("new-person"), { target: { value: "Nia Nurse" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add and switch" }));
    expect(screen.getByRole("alert").textContent).toContain("already on this PC");
    await fireEvent.input(input("new-person"), { target: { value: "Ben Porter" } });
    await fireEvent.click(screen.getByRole("button", { name: "Add and switch" }));
    expect(onAdd).toHaveBeenLastCalledWith("Ben Porter", null);
  });

  it("unlocks a lead's locked roles from '(roles locked)' with their own passphrase", async () => {
    const priya = person("Priya Shah", { acting: true, roles: ["lead"], has_passphrase: true, needs_passphrase: true, locked: true });
    const onSwitch = vi.fn(async () => null);
    render(PersonSwitcher, { props: { people: [priya, ben], onSwitch, onAdd: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: /roles locked/ }));
    const field = await screen.findByLabelText("Priya Shah's passphrase");
    expect(document.activeElement).toBe(field);
    await fireEvent.input(field, { target: { value: "juniper signal orchard" } });
    await fireEvent.click(screen.getByRole("button", { name: "Unlock" }));
    await vi.waitFor(() => expect(onSwitch).toHaveBeenCalledWith(priya.actor, "juniper signal orchard"));
  });
});
