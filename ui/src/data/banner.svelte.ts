// What the last action did, said once at the top of the page: an idea that moves on may
// leave the place in view, and nobody should wonder where it went. It stays while the
// place it speaks about is shown, and goes elsewhere.

export const banner = $state({ text: null as string | null, at: "", alert: false });

export function say(text: string, at: string = location.hash, alert = false): void {
  banner.text = text;
  banner.at = at;
  banner.alert = alert;
}

export function dismiss(): void {
  banner.text = null;
}

/** Called when the address changes: the banner goes unless it speaks about the new place. */
export function followAddress(hash: string): void {
  if (hash !== banner.at) banner.text = null;
}
