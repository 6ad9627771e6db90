// The window's written rules (ui/src/README.md), checked over the source so a change that
// breaks one fails here: no role name compared in TypeScript (the backend says what each
// person may do), no hand-made refresh counters, errors worded only by the funnel, and
// links built by lib/route's path builders.
import { describe, expect, it } from "vitest";

// Every source file's text, as Vite reads it: tests, the test helpers and the generated
// bindings are not held to these rules.
const files = import.meta.glob<string>(["./**/*.ts", "./**/*.svelte", "!./**/*.test.ts", "!./test/**", "!./bindings.ts"], {
  query: "?raw",
  import: "default",
  eager: true,
});

function sources(): string[] {
  return Object.keys(files);
}

function offending(pattern: RegExp, allowed: (file: string) => boolean = () => false): string[] {
  return Object.entries(files).flatMap(([path, text]) => {
    const rel = path.replace(/^\.\//, "");
    if (allowed(rel)) return [];
    return text.split("\n").flatMap((line, i) => (pattern.test(line) ? [`${rel}:${i + 1}: ${line.trim()}`] : []));
  });
}

describe("the window's rules", () => {
  it("compares no role name: what a person may do comes from the backend", () => {
    expect(sources().length).toBeGreaterThan(40);
    expect(offending(/["'](clinician|reviewer|lead|admin)["']/)).toEqual([]);
  });

  it("keeps no refresh counter and lists no dependency by hand", () => {
    expect(offending(/void (version|refresh|page|id|idea)\b|\bversion\s*[+=]|\bversion=\{/)).toEqual([]);
  });

  it("words a backend error only in the funnel (data/)", () => {
    expect(offending(/errorText\(SproutError\.from\(/, (f) => f.startsWith("data/"))).toEqual([]);
    expect(offending(/catch \(e\)/, (f) => f.startsWith("data/") || f === "api/ideas.ts")).toEqual([
      // The draft is kept in the background: its failure is said beside the form, never
      // as a change of the person's.
      expect.stringContaining("components/IdeaForm.svelte"),
    ]);
  });

  it("builds every link to a place from lib/route's paths", () => {
    expect(offending(/href="#\/|`#\/idea/, (f) => f === "lib/route.ts")).toEqual([]);
  });

  it("has components call no backend: only places and the data layer import api/", () => {
    const calls = offending(/from "\.\.\/(\.\.\/)?api\/(benefits|ideas|partners|people|pocs|scoring|sharing|sheets|sync|updates)"/, (f) => !f.startsWith("components/"));
    // Types only: a component is given its functions by its place.
    expect(calls.filter((line) => !/import type/.test(line))).toEqual([]);
  });
});
