// Signed updates for real: keys made for this run, a local update server, and the real app
// (a copy, since a genuine update replaces the binary it runs from). An update signed with
// a key the PC does not trust is refused and changes nothing; one signed with the trust's
// key is installed and Sprout restarts into it.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { createHash } from "node:crypto";
import { chmodSync, copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import http from "node:http";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { APP, By, ROOT, clinicianDir, eventually, launchApp, screenshot, startDriver } from "./harness.mjs";

const work = mkdtempSync(path.join(os.tmpdir(), "sprout-updates-"));
const VERSION = "99.0.0";
const NOTES = "Faster search on the board.";
let server;
let tauriDriver;
let app;
/** What the update server offers: the file's bytes and its signature. */
let offer;
let trusted;
const downloads = [];

/** A minisign key pair from the tauri CLI, as a trust makes one (README, Signed updates). */
function makeKey(name) {
  const key = path.join(work, `${name}.key`);
  execFileSync(path.join(ROOT, "node_modules/.bin/tauri"), ["signer", "generate", "--ci", "-p", "", "-w", key], {
    env: { ...process.env, CI: "true" },
    stdio: "ignore",
  });
  return { key, pub: readFileSync(`${key}.pub`, "utf8").trim() };
}

/** The "new version": a script that records that Sprout restarted into it. */
function release(signer, marker) {
  const file = path.join(work, `sprout-${VERSION}-${path.basename(marker)}`);
  writeFileSync(file, `#!/bin/sh\necho "Sprout ${VERSION} started" > "${marker}"\n`);
  execFileSync(path.join(ROOT, "node_modules/.bin/tauri"), ["signer", "sign", "-f", signer.key, "-p", "", file], {
    stdio: "ignore",
  });
  return { bytes: readFileSync(file), signature: readFileSync(`${file}.sig`, "utf8") };
}

/** A copy of the app in a folder of its own, so an installed update replaces only the copy. */
function appCopy(name) {
  const dir = path.join(work, name);
  mkdirSync(dir);
  const copy = path.join(dir, "sprout-desktop");
  copyFileSync(APP, copy);
  chmodSync(copy, 0o755);
  return copy;
}

const digest = (file) => createHash("sha256").update(readFileSync(file)).digest("hex");

async function footer() {
  return app.findElement(By.id("update-status")).getText();
}

before(async () => {
  trusted = makeKey("trust");
  server = http.createServer((req, res) => {
    const base = `http://127.0.0.1:${server.address().port}`;
    if (req.url === "/latest.json") {
      const platform = { signature: offer.signature, url: `${base}/sprout-${VERSION}` };
      res.setHeader("content-type", "application/json");
      res.end(
        JSON.stringify({
          version: VERSION,
          notes: NOTES,
          pub_date: new Date().toISOString(),
          platforms: { "linux-x86_64": platform },
        }),
      );
    } else if (req.url === `/sprout-${VERSION}`) {
      downloads.push(req.url);
      res.end(offer.bytes);
    } else {
      res.statusCode = 404;
      res.end();
    }
  });
  await new Promise((resolve) => server.listen(0, "127.0.0.1", resolve));
  tauriDriver = await startDriver({
    SPROUT_DATA_DIR: clinicianDir(),
    SPROUT_UPDATE_ENDPOINT: `http://127.0.0.1:${server.address().port}/latest.json`,
    // Debug builds only: trust the key made above instead of the one compiled in.
    SPROUT_TEST_UPDATE_PUBKEY: trusted.pub,
  });
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
  server?.close();
  // Two copies of the app are 140 MB: do not leave them in /tmp.
  rmSync(work, { recursive: true, force: true });
});

test("an update signed with a key this PC does not trust is refused, and nothing changes", async () => {
  const marker = path.join(work, "forged-started");
  offer = release(makeKey("stranger"), marker);
  const binary = appCopy("forged");
  const before = digest(binary);
  app = await launchApp("idea-title", undefined, binary);

  await eventually(app, async () => (await footer()) === `Sprout ${VERSION} is available. ${NOTES}`, 20_000);
  await app.findElement(By.id("install-update")).click();
  await eventually(app, async () => /was not installed/.test(await footer()), 20_000);
  assert.equal(
    await footer(),
    `Sprout ${VERSION} was not installed: its signature does not match this PC's update key. This version carries on as before.`,
  );
  await screenshot(app, "update-refused");

  assert.deepEqual(downloads, [`/sprout-${VERSION}`], "the app fetched the update before refusing it");
  assert.equal(digest(binary), before, "the app's binary is untouched");
  assert.equal(existsSync(marker), false, "the forged update never ran");
  assert.equal((await app.findElements(By.id("install-update"))).length, 0, "no retry offered");
  // Still the running Sprout: the form takes a new idea.
  const title = await app.findElement(By.id("idea-title"));
  await title.sendKeys("Still here");
  assert.equal(await title.getAttribute("value"), "Still here");
  await app.quit();
  app = null;
});

test("an update signed with the trust's key is installed and Sprout restarts into it", async () => {
  const marker = path.join(work, "genuine-started");
  offer = release(trusted, marker);
  const binary = appCopy("genuine");
  app = await launchApp("idea-title", undefined, binary);

  await eventually(app, async () => (await footer()).startsWith(`Sprout ${VERSION} is available.`), 20_000);
  await app.findElement(By.id("install-update")).click();

  const deadline = Date.now() + 30_000;
  while (!existsSync(marker) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 200));
  assert.equal(readFileSync(marker, "utf8").trim(), `Sprout ${VERSION} started`, "Sprout restarted into the update");
  assert.ok(readFileSync(binary).equals(offer.bytes), "the signed file replaced the app's binary");
  // The old process has exited with the restart; its WebDriver session went with it.
  await app.quit().catch(() => {});
  app = null;
});
