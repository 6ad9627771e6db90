import { describe, expect, it } from "vitest";
import { SproutError, errorText } from "./errors";

describe("SproutError", () => {
  it("keeps the backend's code, field and message", () => {
    const e = SproutError.from({ code: "too_long", message: "title is 201 characters long; the limit is 200", field: "title" });
    expect(e.code).toBe("too_long");
    expect(e.field).toBe("title");
    expect(errorText(e)).toBe("Title is 201 characters long; the limit is 200");
  });

  it("words an empty field as an instruction", () => {
    expect(errorText(SproutError.from({ code: "empty", message: "title must not be empty", field: "title" }))).toBe(
      "Enter a title",
    );
    expect(errorText(SproutError.from({ code: "empty", message: "x", field: "problem" }))).toBe("Enter the problem");
  });

  it("wraps anything else as unexpected", () => {
    const e = SproutError.from(new Error("IPC broke"));
    expect(e.code).toBe("unexpected");
    expect(e.field).toBeNull();
    expect(SproutError.from("plain").message).toBe("plain");
  });
});
