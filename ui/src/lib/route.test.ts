import { describe, expect, it } from "vitest";
import { PLACES, parseRoute, paths, routeHref } from "./route";

const ID = "01a227b5-f6d5-73ff-aff6-cd8fbfa11bd3";

describe("routes", () => {
  it("reads each place from the hash and writes it back", () => {
    for (const hash of ["#/", "#/ideas", "#/mine", "#/board", "#/to-score", "#/pocs", "#/hub", `#/idea/${ID}`, `#/idea/${ID}/edit`]) {
      expect(routeHref(parseRoute(hash))).toBe(hash);
    }
    expect(parseRoute(`#/idea/${ID.toUpperCase()}`)).toEqual({ place: "idea", id: ID });
    expect(parseRoute(paths.editIdea(ID))).toEqual({ place: "edit", id: ID });
  });

  it("builds every place's link from the one table", () => {
    for (const p of PLACES) expect(parseRoute(paths.place(p.place))).toEqual({ place: p.place });
  });

  it("sends anything unknown or malformed to Share an idea", () => {
    for (const hash of ["", "#", "#/nowhere", "#/idea/not-an-id", "#/ideas/extra", "#/idea/", "#/share", `#/idea/${ID}/delete`]) {
      expect(parseRoute(hash)).toEqual({ place: "share" });
    }
  });
});
