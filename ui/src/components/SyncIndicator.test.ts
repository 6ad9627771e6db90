import { fireEvent, render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { SyncStatus } from "../api/sync";
import SyncIndicator from "./SyncIndicator.svelte";

const base: SyncStatus = {
  state: { state: "up_to_date", at: "2026-11-22T10:31:00Z" },
  hub_name: "North Trust hub",
  conflicts: 0,
  problems: 0,
  waiting_for_approval: false,
  approved_other_key: false,
  revoked: false,
  on_this_pc_only: false,
};

const none = () => Promise.resolve([]);
const resolve = vi.fn(async () => null);

describe("SyncIndicator", () => {
  it("says when it last synced", () => {
    render(SyncIndicator, { props: { status: base, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-status")?.textContent).toMatch(/Up to date at \d\d:\d\d/);
    expect(document.getElementById("sync-conflicts")).toBeNull();
  });

  it("counts the changes received during a long pull", () => {
    const status: SyncStatus = { ...base, state: { state: "syncing", received: 12500 } };
    render(SyncIndicator, { props: { status, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-status")?.textContent).toContain("Syncing… 12,500 changes received");
  });

  it("reassures when offline and keeps the reason for a hover", () => {
    const status: SyncStatus = { ...base, state: { state: "offline", reason: "the hub at X cannot be reached" } };
    render(SyncIndicator, { props: { status, loadConflicts: none, loadProblems: none, resolve } });
    const headline = screen.getByText("Offline: your work is kept on this PC");
    expect(headline.getAttribute("title")).toContain("cannot be reached");
  });

  it("opens the conflicts when their count is pressed", async () => {
    const loadConflicts = vi.fn(async () => [
      {
        idea: "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f",
        title: "Falls",
        field: "title" as const,
        versions: [
          { value: "Night-time falls", actor: "a", written_at: "2026-11-22T10:00:00Z" },
          { value: "Unwitnessed falls", actor: "b", written_at: "2026-11-22T10:00:01Z" },
        ],
      },
    ]);
    render(SyncIndicator, { props: { status: { ...base, conflicts: 1, problems: 2 }, loadConflicts, loadProblems: none, resolve } });
    expect(screen.getByRole("button", { name: "2 refused files" })).toBeTruthy();
    await fireEvent.click(screen.getByRole("button", { name: "1 conflict" }));
    const details = screen.getByRole("region", { name: "Conflicts" });
    expect(details.textContent).toContain("Night-time falls");
    expect(details.textContent).toContain("Unwitnessed falls");

    await fireEvent.click(screen.getAllByRole("button", { name: /Keep this/ })[1]!);
    expect(resolve).toHaveBeenCalledWith(expect.objectContaining({ field: "title" }), "Unwitnessed falls");
  });

  it("explains when a clinician tries to resolve", async () => {
    const conflict = {
      idea: "019a0c3e-8f1b-7c2d-9e4f-0a1b2c3d4e5f",
      title: "Falls",
      field: "title" as const,
      versions: [
        { value: "A", actor: "a", written_at: "2026-11-22T10:00:00Z" },
        { value: "B", actor: "b", written_at: "2026-11-22T10:00:01Z" },
      ],
    };
    const refuse = vi.fn(async () => {
      throw { code: "not_allowed", message: "only a lead or admin may resolve a conflict", field: null };
    });
    render(SyncIndicator, {
      props: { status: { ...base, conflicts: 1 }, loadConflicts: async () => [conflict], loadProblems: none, resolve: refuse },
    });
    await fireEvent.click(screen.getByRole("button", { name: "1 conflict" }));
    await fireEvent.click(screen.getAllByRole("button", { name: /Keep this/ })[0]!);
    expect(screen.getByRole("alert").textContent).toContain("Only a lead or admin may resolve a conflict");
  });

  it("says when this PC is waiting for approval, and never that it is up to date then", () => {
    render(SyncIndicator, { props: { status: { ...base, waiting_for_approval: true }, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-waiting")?.textContent).toContain("Waiting for approval");
    expect(document.getElementById("sync-status")?.textContent).not.toContain("Up to date");
    expect(document.getElementById("sync-status")?.textContent).toMatch(/Hub checked at \d\d:\d\d/);
  });

  it("says when the hub approved a different key in this person's name", () => {
    render(SyncIndicator, { props: { status: { ...base, approved_other_key: true }, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-other-key")?.textContent).toContain("approved a different key in your name");
    expect(document.getElementById("sync-status")?.textContent).not.toContain("Up to date");
  });

  it("says a PC with no shared hub keeps its work on this PC only", () => {
    render(SyncIndicator, { props: { status: { ...base, on_this_pc_only: true }, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-status")?.textContent).toContain("On this PC only");
    expect(document.getElementById("sync-status")?.textContent).not.toContain("Up to date");
  });

  it("never says Syncing on a PC alone, even while it checks its own folder", () => {
    const alone = { ...base, state: { state: "syncing" as const, received: 0 }, on_this_pc_only: true };
    render(SyncIndicator, { props: { status: alone, loadConflicts: none, loadProblems: none, resolve } });
    expect(document.getElementById("sync-status")?.textContent).toContain("On this PC only");
    expect(document.getElementById("sync-status")?.textContent).not.toContain("Syncing");
  });
});
