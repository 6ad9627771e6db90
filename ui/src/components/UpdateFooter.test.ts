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

  it("offers to install an available update", () => {
    render(UpdateFooter, { props: { status: { state: "available", version: "0.2.0", notes: null }, onInstall: vi.fn() } });
    expect(document.querySelector("button")?.textContent).toContain("Install and restart");
  });
});
