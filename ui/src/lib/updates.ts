// What an update status says, in one place: the footer and Hub and people read it alike.
import type { UpdateStatus } from "../api/updates";
import { formatTime } from "./format";

export function describeUpdate(status: UpdateStatus): string {
  switch (status.state) {
    case "not_configured":
      return "Updates are not checked on this PC. Your IT team sets where it looks (see the README's deployment notes).";
    case "checking":
      return "Checking for updates…";
    case "up_to_date":
      return `Sprout is up to date (checked ${formatTime(status.checked_at)}).`;
    case "available":
      return `Sprout ${status.version} is available.${status.notes ? ` ${status.notes}` : ""}`;
    case "installing":
      return `Installing Sprout ${status.version}…`;
    case "install_failed":
      return `Sprout ${status.version} was not installed: ${status.message}. This version carries on as before.`;
    case "failed":
      return `Could not check for updates at ${formatTime(status.checked_at)}. Sprout will try again next time it starts.`;
  }
}
