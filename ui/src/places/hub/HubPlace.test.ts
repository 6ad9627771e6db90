import { render, screen } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import type { SharingView } from "../../api/sharing";

vi.mock("../../api/sharing", () => ({ approveJoinRequest: vi.fn(), joinSharedHub: vi.fn(), revokeMember: vi.fn() }));

import HubPlace from "./HubPlace.svelte";

const view = {
  actor: "lead",
  roles: ["admin"],
  edits_any_idea: true,
  on_this_pc_only: false,
  person: "Priya Shah",
  site: "Hub",
  hub_name: "North Trust hub",
  location: "/share/hub",
  revoked: false,
  fingerprint: null,
} as unknown as SharingView;

describe("HubPlace", () => {
  it("shows the hub's people with their newest work, this PC's people, and how updates stand", () => {
    render(HubPlace, {
      props: {
        view,
        requests: [],
        members: [
          { actor: "lead", person: "Priya Shah", site: "Hub", roles: ["admin"], revoked: false, last_work: "2026-11-29T09:30:00Z" },
          { actor: "nia", person: "Nia Nurse", site: "Ward 7", roles: ["clinician"], revoked: false, last_work: null },
        ],
        people: [
          { actor: "lead", person: "Priya Shah", site: "Hub", roles: ["admin"], acting: true, has_passphrase: true, needs_passphrase: true, locked: false, key_without_passphrase: false },
        ] as never,
        update: { state: "not_configured" },
        onChanged: vi.fn(async () => {}),
      },
    });
    expect(screen.getByRole("heading", { level: 1, name: "Hub and people" })).toBeTruthy();
    const table = document.getElementById("hub-members")!;
    expect(table.textContent).toMatch(/Priya Shah \(you\).*29 Nov 2026/s);
    expect(table.textContent).toMatch(/Nia Nurse.*None yet/s);
    expect(document.getElementById("pc-people")?.textContent).toMatch(/Priya Shah, Hub \(using Sprout now\):\s+admin/);
    expect(document.getElementById("hub-updates")?.textContent).toMatch(/does not check for updates/);
  });
});
