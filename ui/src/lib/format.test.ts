import { describe, expect, it } from "vitest";
import { countIdeas, excerpt, formatDateTime, formatTime } from "./format";

describe("format", () => {
  it("counts ideas in plain English", () => {
    expect(countIdeas(0)).toBe("0 ideas");
    expect(countIdeas(1)).toBe("1 idea");
    expect(countIdeas(300)).toBe("300 ideas");
    expect(countIdeas(100_000)).toBe("100,000 ideas");
  });

  it("cuts long text at a word", () => {
    const text = "word ".repeat(100);
    const cut = excerpt(text, 50);
    expect(cut.length).toBeLessThanOrEqual(51);
    expect(cut.endsWith("word…")).toBe(true);
    expect(excerpt("short", 50)).toBe("short");
  });

  it("formats RFC 3339 times and passes through what it cannot read", () => {
    expect(formatDateTime("2026-11-22T10:31:00Z")).toMatch(/2026/);
    expect(formatTime("2026-11-22T10:31:00Z")).toMatch(/^\d\d:\d\d$/);
    expect(formatDateTime("not a date")).toBe("not a date");
  });
});
