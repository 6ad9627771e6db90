// Places in the app, each with its own address in the URL's hash, so back and forward
// work and a link to an idea opens it. Kept pure so it is tested alone.

export type Route =
  | { place: "share" }
  | { place: "ideas" }
  | { place: "mine" }
  | { place: "idea"; id: string };

/** The place a hash names; anything unknown is *Share an idea*, where a PC starts. */
export function parseRoute(hash: string): Route {
  const parts = hash.replace(/^#\/?/, "").split("/").filter(Boolean);
  if (parts[0] === "ideas" && parts.length === 1) return { place: "ideas" };
  if (parts[0] === "mine" && parts.length === 1) return { place: "mine" };
  const [first, id] = parts;
  if (first === "idea" && parts.length === 2 && id !== undefined && /^[0-9a-f-]{36}$/i.test(id)) {
    return { place: "idea", id: id.toLowerCase() };
  }
  return { place: "share" };
}

export function routeHref(route: Route): string {
  switch (route.place) {
    case "ideas":
      return "#/ideas";
    case "mine":
      return "#/mine";
    case "idea":
      return `#/idea/${route.id}`;
    default:
      return "#/";
  }
}
