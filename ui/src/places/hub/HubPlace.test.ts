import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import type { SharingView } from "../../api/sharing";
import { session } from "../../data/session.svelte";
import { MAY, member } from "../../test/fixtures";
import { backend } from "../../test/ipc";
import HubPlace from "./HubPlace.svelte";

const view: SharingView = {
  actor: "lead",
  roles: ["admin"],
  may: MAY.admin,
  roles_locked: false,
  on_this_pc_only: false,
  person: "Priya Shah",
  site: "Hub",
  hub_name: "North Trust hub",
  location: "/share/hub",
  revoked: false,
  fingerprint: null,
};

describe("HubPlace", () => {
  it("shows the hub's people with their newest work, this PC's people, and how updates stand", async () => {
    backend({
      sharing: () => view,
      list_members: () => [
        member({ actor: "lead", person: "Priya Shah", site: "Hub", roles: ["admin"], last_work: "2026-11-29T09:30:00Z" }),
        member({ actor: "nia", person: "Nia Nurse", site: "Ward 7" }),
      ],
      list_join_requests: () => [],
      list_people: () => [
        { actor: "lead", person: "Priya Shah", site: "Hub", roles: ["admin"], acting: true, has_passphrase: true, needs_passphrase: true, locked: false, key_without_passphrase: false },
      ],
    });
    await session.view.run();
    await Promise.all([session.members.run(), session.requests.run(), session.people.run()]);
    render(HubPlace);
    expect(screen.getByRole("heading", { level: 1, name: "Hub and people" })).toBeTruthy();
    const table = document.getElementById("hub-members")!;
    expect(table.textContent).toMatch(/Priya Shah \(you\).*29 Nov 2026/s);
    expect(table.textContent).toMatch(/Nia Nurse.*None yet/s);
    expect(document.getElementById("pc-people")?.textContent).toMatch(/Priya Shah, Hub \(using Sprout now\):\s+admin/);
    expect(document.getElementById("hub-updates")?.textContent).toMatch(/Updates are not checked on this PC/);
  });
});
