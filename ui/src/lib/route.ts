// Places in the app, each with its own address in the URL's hash, so back and forward
// work, a link to an idea opens it and a reload keeps an edit. The one route table: the
// header is built from it, and every link comes from `paths`. Kept pure so it is tested
// alone.
import type { Capabilities } from "../bindings";

export type Place = "share" | "mine" | "ideas" | "board" | "score" | "pocs" | "dashboard" | "benefits" | "partners" | "sheets" | "hub";

export type Route =
  | { place: Place }
  | { place: "idea"; id: string }
  | { place: "edit"; id: string }
  | { place: "partnership"; id: string };

/** A capability a place needs, as the backend reports it (`SharingView.may`). */
export type Needs = { [K in keyof Capabilities]: Capabilities[K] extends boolean ? K : never }[keyof Capabilities];

export interface PlaceEntry {
  place: Place;
  path: string;
  /** The header link's id, which tests and the skip link use. */
  id: string;
  label: string;
  /** What the acting person must be able to do to see it; null: everyone. */
  needs: Needs | null;
  /** Tables and the board use the window's whole width. */
  wide: boolean;
}

export const PLACES: PlaceEntry[] = [
  { place: "share", path: "", id: "nav-share", label: "Share an idea", needs: null, wide: false },
  { place: "mine", path: "mine", id: "nav-mine", label: "My ideas", needs: null, wide: false },
  { place: "ideas", path: "ideas", id: "nav-ideas", label: "Ideas", needs: null, wide: true },
  { place: "board", path: "board", id: "nav-board", label: "Board", needs: "review", wide: true },
  { place: "score", path: "to-score", id: "nav-score", label: "To score", needs: "review", wide: false },
  { place: "pocs", path: "pocs", id: "nav-pocs", label: "POCs", needs: "review", wide: true },
  { place: "dashboard", path: "dashboard", id: "nav-dashboard", label: "Dashboard", needs: "review", wide: true },
  { place: "benefits", path: "benefits", id: "nav-benefits", label: "Benefits", needs: "review", wide: true },
  { place: "partners", path: "partners", id: "nav-partners", label: "Partners", needs: "run_partnerships", wide: true },
  { place: "sheets", path: "spreadsheets", id: "nav-sheets", label: "Spreadsheets", needs: "import_ideas", wide: false },
  { place: "hub", path: "hub", id: "nav-hub", label: "Hub and people", needs: null, wide: false },
];

export function entry(place: Place): PlaceEntry {
  return PLACES.find((p) => p.place === place) ?? PLACES[0]!;
}

/** Every address the window links to. */
export const paths = {
  place: (place: Place): string => `#/${entry(place).path}`,
  idea: (id: string): string => `#/idea/${id}`,
  editIdea: (id: string): string => `#/idea/${id}/edit`,
  partnership: (id: string): string => `#/partnership/${id}`,
};

const ID = /^[0-9a-f-]{36}$/i;

/** The place a hash names; anything unknown is *Share an idea*, where a PC starts. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const [first = "", id, action] = parts;
  if (first === "idea" && id !== undefined && ID.test(id)) {
    if (parts.length === 2) return { place: "idea", id: id.toLowerCase() };
    if (parts.length === 3 && action === "edit") return { place: "edit", id: id.toLowerCase() };
  }
  if (first === "partnership" && id !== undefined && ID.test(id) && parts.length === 2) {
    return { place: "partnership", id: id.toLowerCase() };
  }
  const place = parts.length <= 1 ? PLACES.find((p) => p.path === first)?.place : undefined;
  return { place: place ?? "share" };
}

export function routeHref(route: Route): string {
  if (route.place === "idea") return paths.idea(route.id);
  if (route.place === "edit") return paths.editIdea(route.id);
  if (route.place === "partnership") return paths.partnership(route.id);
  return paths.place(route.place);
}
