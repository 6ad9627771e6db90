const dateTime = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
});

const time = new Intl.DateTimeFormat("en-GB", { hour: "2-digit", minute: "2-digit" });
const date = new Intl.DateTimeFormat("en-GB", { day: "numeric", month: "short", year: "numeric" });

/** "22 Nov 2026" in the PC's time zone. */
export function formatDate(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : date.format(d);
}

/** "22 Nov 2026, 10:31" in the PC's time zone. */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : dateTime.format(d);
}

/** "10:31" in the PC's time zone. */
export function formatTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : time.format(d);
}

/** "1 idea", "3 ideas", "100,000 ideas": a count with its noun, singular for one. */
export function plural(n: number, one: string, many: string): string {
  return `${count(n)} ${n === 1 ? one : many}`;
}

/** "1 idea", "3 ideas". */
export function countIdeas(n: number): string {
  return plural(n, "idea", "ideas");
}

/** A count as people read it: 100,000, not 100000. */
export function count(n: number): string {
  return n.toLocaleString("en-GB");
}

/** The first `max` characters of `text`, cut at a word where possible. */
export function excerpt(text: string, max = 240): string {
  if (text.length <= max) return text;
  const cut = text.slice(0, max);
  const space = cut.lastIndexOf(" ");
  return `${(space > max * 0.6 ? cut.slice(0, space) : cut).trimEnd()}…`;
}

const pounds = new Intl.NumberFormat("en-GB", { style: "currency", currency: "GBP" });

/** Whole pence as people read money: "£1,234.50". Pence are exact; no float sums here. */
export function formatPence(pence: number | null): string {
  return pounds.format((pence ?? 0) / 100);
}
