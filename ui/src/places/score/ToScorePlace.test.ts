import { render, screen } from "@testing-library/svelte";
import { describe, expect, it } from "vitest";
import { idea } from "../../test/fixtures";
import { backend } from "../../test/ipc";

import ToScorePlace from "./ToScorePlace.svelte";

describe("ToScorePlace", () => {
  it("lists what waits for this reviewer's scores, each linking to its page, and what is done", async () => {
    const waiting = idea({ id: "00000000-0000-7000-8000-000000000001", title: "Quiet hours", stage: "evaluate" });
    const done = idea({ id: "00000000-0000-7000-8000-000000000002", title: "Hand gel" });
    backend({ review_queue: () => [{ idea: waiting, done: false }, { idea: done, done: true }] });
    render(ToScorePlace);
    expect(await screen.findByText("1 idea is waiting for your scores.", { exact: false })).toBeTruthy();
    expect(screen.getByRole("link", { name: "Quiet hours" }).getAttribute("href")).toBe(`#/idea/${waiting.id}`);
    expect(document.getElementById("score-done")?.textContent).toMatch(/Hand gel/);
  });
});
