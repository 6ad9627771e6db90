import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { SharingView } from "../api/sharing";
import SharingPanel from "./SharingPanel.svelte";
import { MAY } from "../test/fixtures";

const alone: SharingView = {
  hub_name: "This PC",
  location: "/data/hub",
  on_this_pc_only: true,
  roles: ["admin"],
  person: "Nia Nurse",
  site: "",
  actor: "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f",
  may: MAY.admin,
  roles_locked: false,
  revoked: false,
  fingerprint: "1a2b-3c4d-5e6f-7a8b",
};

function field(id: string): HTMLInputElement {
  const el = document.getElementById(id);
  if (!(el instanceof HTMLInputElement)) throw new Error(`no input ${id}`);
  return el;
}

describe("SharingPanel", () => {
  it("joins a shared hub with the folder, name and site typed", async () => {
    const onJoin = vi.fn(async () => null);
    render(SharingPanel, { props: { view: alone, requests: [], onJoin, onApprove: vi.fn() } });
    expect(field("hub-person").value).toBe("Nia Nurse");
    await fireEvent.input(field("hub-folder"), { target: { value: " \\\\trust-fs01\\hub " } });
    await fireEvent.input(field("hub-site"), { target: { value: "Ward 7" } });
    await fireEvent.click(screen.getByRole("button", { name: "Join hub" }));
    expect(onJoin).toHaveBeenCalledWith("\\\\trust-fs01\\hub", "Nia Nurse", "Ward 7");
    expect(screen.getByRole("status").textContent).toContain("nothing is lost");
  });

  it("never overwrites what is being typed when the view refreshes in the background", async () => {
    const { rerender } = render(SharingPanel, { props: { view: alone, requests: [], onJoin: vi.fn(), onApprove: vi.fn() } });
    await fireEvent.input(field("hub-person"), { target: { value: "Nia N" } });
    await rerender({ view: { ...alone, person: "Someone else" }, requests: [], onJoin: vi.fn(), onApprove: vi.fn() });
    expect(field("hub-person").value).toBe("Nia N");
  });

  it("says why joining failed", async () => {
    const onJoin = vi.fn(async () => {
      throw { code: "hub_unreachable", message: "the hub at X cannot be reached: no such folder", field: null };
    });
    render(SharingPanel, { props: { view: alone, requests: [], onJoin, onApprove: vi.fn() } });
    await fireEvent.click(screen.getByRole("button", { name: "Join hub" }));
    expect(screen.getByRole("alert").textContent).toContain("cannot be reached");
  });

  it("lets a lead approve a waiting PC with a role, and not make admins", async () => {
    const onApprove = vi.fn(async () => null);
    const view: SharingView = { ...alone, on_this_pc_only: false, hub_name: "North Trust hub", roles: ["lead"], may: MAY.lead };
    const requests = [
      { actor: "a1", person: "Pat Porter", site: "Ward 9", requested_at: "2026-11-22T10:00:00Z", fingerprint: "9f8e-7d6c-5b4a-3928" },
    ];
    render(SharingPanel, { props: { view, requests, onJoin: vi.fn(), onApprove } });
    expect(document.getElementById("sharing-where")?.textContent).toContain("North Trust hub as lead");
    expect(document.querySelector("[data-fingerprint]")?.textContent).toBe("9f8e-7d6c-5b4a-3928");
    expect(screen.queryByRole("option", { name: "Admin" })).toBeNull();
    await fireEvent.change(screen.getByLabelText("Role for Pat Porter"), { target: { value: "reviewer" } });
    await fireEvent.click(screen.getByRole("button", { name: /Approve/ }));
    expect(onApprove).toHaveBeenCalledWith("a1", "reviewer");
  });

  it("tells a clinician's PC it is waiting, and shows no requests", () => {
    const view: SharingView = { ...alone, on_this_pc_only: false, hub_name: "North Trust hub", roles: [], may: MAY.clinician };
    const requests = [{ actor: "a1", person: "Pat", site: "", requested_at: "", fingerprint: "9f8e-7d6c-5b4a-3928" }];
    render(SharingPanel, { props: { view, requests, onJoin: vi.fn(), onApprove: vi.fn() } });
    expect(document.getElementById("sharing-where")?.textContent).toContain("Waiting for an admin or lead");
    expect(document.getElementById("my-fingerprint")?.textContent).toBe("1a2b-3c4d-5e6f-7a8b");
    expect(document.getElementById("join-requests")).toBeNull();
  });

  const shared: SharingView = { ...alone, on_this_pc_only: false, hub_name: "North Trust hub" };
  const members = [
    { actor: alone.actor, person: "Priya Shah", site: "Innovation", roles: ["admin" as const], revoked: false, last_work: null, may_be_asked_to_review: false },
    { actor: "n1", person: "Nia Nurse", site: "Ward 7", roles: ["clinician" as const], revoked: false, last_work: null, may_be_asked_to_review: false },
    { actor: "g1", person: "Gone Soon", site: "", roles: ["reviewer" as const], revoked: true, last_work: null, may_be_asked_to_review: false },
  ];

  it("lists the people on the hub and lets an admin revoke one after confirming", async () => {
    const onRevoke = vi.fn(async () => null);
    render(SharingPanel, { props: { view: shared, requests: [], members, onJoin: vi.fn(), onApprove: vi.fn(), onRevoke } });
    const table = screen.getByRole("table", { name: "People on this hub" });
    expect(table.textContent).toContain("Priya Shah (you)");
    expect(table.textContent).toContain("Revoked");
    // Not oneself, and not someone already revoked.
    expect(screen.queryByRole("button", { name: "Revoke Priya Shah" })).toBeNull();
    expect(screen.queryByRole("button", { name: "Revoke Gone Soon" })).toBeNull();
    await fireEvent.click(screen.getByRole("button", { name: "Revoke Nia Nurse" }));
    expect(onRevoke).not.toHaveBeenCalled();
    expect(table.textContent).toContain("will be refused on every device");
    await fireEvent.click(screen.getByRole("button", { name: "Yes, revoke Nia Nurse" }));
    expect(onRevoke).toHaveBeenCalledWith("n1");
    expect(screen.getByRole("status").textContent).toContain("Nia Nurse can no longer share");
  });

  it("shows a lead the people on the hub but no revoke", () => {
    const view: SharingView = { ...shared, roles: ["lead"], may: MAY.lead };
    render(SharingPanel, { props: { view, requests: [], members, onJoin: vi.fn(), onApprove: vi.fn() } });
    expect(screen.getByRole("table", { name: "People on this hub" })).toBeTruthy();
    expect(screen.queryByRole("button", { name: /Revoke/ })).toBeNull();
  });

  it("tells a revoked PC that its new work stays on it", () => {
    const view: SharingView = { ...shared, roles: [], revoked: true, may: MAY.clinician };
    render(SharingPanel, { props: { view, requests: [], onJoin: vi.fn(), onApprove: vi.fn() } });
    expect(document.getElementById("sharing-where")?.textContent).toContain("revoked this PC's access to North Trust hub");
  });

  it("shows a clinician no list of people", () => {
    const view: SharingView = { ...shared, roles: ["clinician"], may: MAY.clinician };
    render(SharingPanel, { props: { view, requests: [], members, onJoin: vi.fn(), onApprove: vi.fn() } });
    expect(screen.queryByRole("table")).toBeNull();
  });
});
