import { describe, expect, it } from "vitest";
import { Mutation, Query } from "./remote.svelte";

describe("Query and Mutation", () => {
  it("keeps only the newest answer, and says why a query failed", async () => {
    let release: (v: string) => void = () => {};
    const answers = [new Promise<string>((r) => (release = r)), Promise.resolve("newer")];
    let n = 0;
    const q = new Query(() => answers[n++]!);
    const older = q.run();
    await q.run();
    release("older");
    await older;
    expect(q.data).toBe("newer");
    const failing = new Query(() => Promise.reject({ code: "not_found", message: "no such idea" }));
    await failing.run();
    expect(failing.error).toMatch(/no such idea/i);
    expect(failing.loading).toBe(false);
  });

  it("runs one change at a time and keeps its error", async () => {
    const m = new Mutation();
    const first = m.run(() => new Promise((r) => setTimeout(() => r("done"), 10)));
    expect(await m.run(async () => "second")).toBeUndefined();
    expect(await first).toBe("done");
    expect(await m.run(() => Promise.reject({ code: "gate_closed", message: "name a sponsor" }))).toBeUndefined();
    expect(m.error).toMatch(/name a sponsor/i);
    expect(m.failure?.code).toBe("gate_closed");
  });
});
