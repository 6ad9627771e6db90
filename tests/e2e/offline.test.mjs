// A lead whose hub is out of reach (the network share down, the PC off the trust's
// network) still has the whole window: their places, My ideas and Hub and people, with
// the header saying the work is kept on this PC. Only the hub's own lists wait for it.
import assert from "node:assert/strict";
import { mkdtempSync, renameSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { By, cli, eventually, goTo, launchApp, leadDir, screenshot, startDriver, unlock } from "./harness.mjs";

const root = mkdtempSync(path.join(os.tmpdir(), "sprout-offline-"));
const hub = path.join(root, "share", "hub");
const dataDir = leadDir("Priya Shah", "Hub");
let tauriDriver;
let app;

before(async () => {
  cli(dataDir, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(dataDir, "idea", "add", "--title", "Hand gel at every bed", "--problem", "Dispensers are empty by noon");
  cli(dataDir, "sync");
  // The share goes away before the window opens.
  renameSync(path.join(root, "share"), path.join(root, "share-gone"));
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  await unlock(app, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

test("a lead whose hub is out of reach keeps their places, My ideas and Hub and people", async () => {
  await eventually(app, async () => /Offline/.test(await app.findElement(By.id("sync-status")).getText()));
  // A lead's places are there: Sprout knows who they are without the hub.
  for (const place of ["nav-board", "nav-score", "nav-pocs", "nav-sheets"]) {
    assert.equal((await app.findElements(By.id(place))).length, 1, `${place} is shown`);
  }
  await goTo(app, "#/mine", "#my-ideas");
  assert.match(await app.findElement(By.id("my-ideas")).getText(), /Hand gel at every bed/);
  await goTo(app, "#/hub", "#hub-heading");
  assert.match(await app.findElement(By.id("pc-people")).getText(), /Priya Shah/);
  await screenshot(app, "offline-lead-hub");
});
