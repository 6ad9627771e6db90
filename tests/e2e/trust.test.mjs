// A ward PC whose join request someone swapped (re-signed with their own key) and an admin
// approved without comparing fingerprints: the PC's window says so, in the sync line, even
// while nobody on it has unlocked anything.
import assert from "node:assert/strict";
import { generateKeyPairSync, sign } from "node:crypto";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import { By, clinicianDir, cli, eventually, launchApp, leadDir, screenshot, startDriver } from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-trust-")), "hub");
const lead = leadDir();
const ward = clinicianDir("Nia Nurse", "Ward 7");
let driver;
let app;

/** Re-signs a join request with a key of the attacker's own, as anyone who can write to
 *  the share could. */
function swapRequest(file) {
  const envelope = JSON.parse(readFileSync(file, "utf8"));
  const { publicKey, privateKey } = generateKeyPairSync("ed25519");
  const raw = Buffer.from(publicKey.export({ format: "jwk" }).x, "base64url");
  envelope.signer = raw.toString("hex");
  envelope.sig = sign(null, Buffer.from(envelope.doc), privateKey).toString("base64");
  writeFileSync(file, JSON.stringify(envelope));
}

before(async () => {
  cli(lead, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(ward, "hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7");
  const [request] = JSON.parse(cli(lead, "hub", "requests", "--json"));
  swapRequest(path.join(hub, "requests", `${request.actor}.json`));
  cli(lead, "hub", "approve", request.actor, "--role", "clinician");
  driver = await startDriver({ SPROUT_DATA_DIR: ward, SPROUT_SYNC_INTERVAL_SECS: "1" });
  app = await launchApp();
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

test("the window says the hub approved a different key in this person's name", async () => {
  const line = await eventually(app, async () => {
    const found = await app.findElements(By.id("sync-other-key"));
    return found.length > 0 && (await found[0].getText());
  });
  assert.match(line, /approved a different key in your name: tell your admin/);
  const status = await app.findElement(By.id("sync-status")).getText();
  assert.doesNotMatch(status, /Up to date/);
  await screenshot(app, "trust-other-key");
});
