// A data folder written by a newer Sprout: the app still opens, says so plainly, offers
// no form that could not save, and leaves the database exactly as it was.
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { By, cli, clinicianDir, launchApp, startDriver } from "./harness.mjs";

const dataDir = clinicianDir();
const db = path.join(dataDir, "sprout.db");
const digest = () => createHash("sha256").update(readFileSync(db)).digest("hex");
let tauriDriver;
let app;
let before_;

/** Sets SQLite's user_version (bytes 60–63 of the header, big-endian) as a newer migration would. */
function markAsNewer() {
  const bytes = readFileSync(db);
  bytes.writeUInt32BE(99, 60);
  return bytes;
}

before(async () => {
  cli(dataDir, "idea", "add", "--title", "Written before the upgrade", "--problem", "p");
  // Fold the WAL into the main file so the header edit below is the whole story.
  cli(dataDir, "idea", "list");
  const { writeFileSync, rmSync } = await import("node:fs");
  writeFileSync(db, markAsNewer());
  rmSync(`${db}-wal`, { force: true });
  rmSync(`${db}-shm`, { force: true });
  before_ = digest();
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp("startup-problem");
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

test("the app explains that a newer Sprout wrote the data, and offers no form", async () => {
  const banner = await app.findElement(By.id("startup-problem"));
  assert.match(await banner.getText(), /written by a newer version of Sprout/);
  assert.match(await banner.getText(), /has not been changed/);
  assert.equal((await app.findElements(By.id("idea-title"))).length, 0);
});

test("the database is left byte-for-byte as it was", () => {
  assert.equal(digest(), before_);
});
