import { render } from "@testing-library/svelte";
import { describe, expect, it, vi } from "vitest";
import UpdateFooter from "./UpdateFooter.svelte";

describe("UpdateFooter", () => {
  it("reports a failed check quietly, with the reason on hover", () => {
    render(UpdateFooter, {
      props: {
        status: { state: "failed", message: "connection refused", checked_at: "2026-11-22T10:31:00Z" },
        onInstall: vi.fn(),
      },
    });
    const line = document.getElementById("update-status");
    expect(line?.textContent).toMatch(/^Could not check for updates at \d\d:\d\d\./);
    expect(line?.getAttribute("title")).toBe("connection refused");
    expect(document.querySelector("button")).toBeNull();
  });

  it("offers to install an available update, with its notes", () => {
    const onInstall = vi.fn();
    render(UpdateFooter, {
      props: { status: { state: "available", version: "0.2.0", notes: "Faster search on the board." }, onInstall },
    });
    expect(document.getElementById("update-status")?.textContent).toBe(
      "Sprout 0.2.0 is available. Faster search on the board.",
    );
    document.querySelector("button")?.click();
    expect(onInstall).toHaveBeenCalledOnce();
  });

  it("says why an update was not installed, and offers no retry", () => {
    render(UpdateFooter, {
      props: {
        status: { state: "install_failed", version: "0.2.0", message: "its signature does not match this PC's update key" },
        onInstall: vi.fn(),
      },
    });
    expect(document.getElementById("update-status")?.textContent).toBe(
      "Sprout 0.2.0 was not installed: its signature does not match this PC's update key. This version carries on as before.",
    );
    expect(document.querySelector("button")).toBeNull();
  });
});
