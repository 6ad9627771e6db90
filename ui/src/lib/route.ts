// Places in the app, each with its own address in the URL's hash, so back and forward
// work and a link to an idea opens it. Kept pure so it is tested alone.

export type Place = "share" | "mine" | "ideas" | "board" | "score" | "pocs" | "sheets" | "hub";

export type Route = { place: Place } | { place: "idea"; id: string };

const PLACES: Record<string, Place> = {
  "": "share",
  mine: "mine",
  ideas: "ideas",
  board: "board",
  "to-score": "score",
  pocs: "pocs",
  spreadsheets: "sheets",
  hub: "hub",
};

/** The place a hash names; anything unknown is *Share an idea*, where a PC starts. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  const [first = "", id] = parts;
  if (first === "idea" && parts.length === 2 && id !== undefined && /^[0-9a-f-]{36}$/i.test(id)) {
    return { place: "idea", id: id.toLowerCase() };
  }
  const place = parts.length <= 1 ? PLACES[first] : undefined;
  return { place: place ?? "share" };
}

export function routeHref(route: Route): string {
  if (route.place === "idea") return `#/idea/${route.id}`;
  const path = Object.entries(PLACES).find(([, p]) => p === route.place)?.[0] ?? "";
  return `#/${path}`;
}
