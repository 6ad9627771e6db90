// A ward PC that has been working alone joins the trust's hub from the Sharing panel; once
// a lead approves it, the ideas typed before sharing reach the lead.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  Key,
  accessibilityProblems,
  cli,
  eventually,
  goTo,
  launchApp,
  leadDir,
  screenshot,
  startDriver,
  switchesTo,
  tempDataDir,
  typeInto,
  waitForTitles,
} from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-share-")), "hub");
const lead = leadDir();
const wardDir = tempDataDir();
let driver;
let ward;

before(async () => {
  cli(lead, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  driver = await startDriver({ SPROUT_DATA_DIR: wardDir, SPROUT_SYNC_INTERVAL_SECS: "1" });
  ward = await launchApp("first-name");
});

after(async () => {
  await ward?.quit().catch(() => {});
  await driver?.stop();
});

/** What the Hub and people place says about sharing (going there first). */
async function sharingText() {
  await goTo(ward, "#/hub", "#sharing-where");
  return ward.findElement(By.id("sharing-where")).getText();
}

test("a new ward PC asks who is using it, then works alone", async () => {
  await typeInto(ward, "first-name", "Nia Nurse");
  await typeInto(ward, "first-site", "Ward 7");
  await switchesTo(ward, "Nia Nurse", () => ward.findElement(By.id("first-start")).click());
});

test("a clinician shares an idea from the keyboard alone, in a handful of keys", async () => {
  // Where a ward PC starts: the title field has focus.
  const active = await ward.switchTo().activeElement();
  assert.equal(await active.getAttribute("id"), "idea-title");
  let keys = 0;
  const press = async (...k) => {
    keys += 1;
    await (await ward.switchTo().activeElement()).sendKeys(...k);
  };
  await (await ward.switchTo().activeElement()).sendKeys("Typed before sharing");
  await press(Key.TAB);
  await (await ward.switchTo().activeElement()).sendKeys("Written while this PC worked alone.");
  await press(Key.chord(Key.CONTROL, Key.ENTER));
  const status = await ward.findElement(By.id("idea-form-status"));
  await eventually(ward, async () => /saved/.test(await status.getText()), 10_000);
  assert.ok(keys <= 8, `${keys} keys besides the typing`);
  console.log(`# a clinician shared an idea with ${keys} keys besides the typing`);
});

test("a PC working alone says its ideas stay on it", async () => {
  await waitForTitles(ward, ["Typed before sharing"]);
  await ward.wait(async () => /stay on this PC/.test(await sharingText()), 20_000);
  // Never "Up to date" while its work reaches nobody.
  const header = async () => ward.findElement(By.id("sync-status")).getText();
  await ward.wait(async () => /On this PC only/.test(await header()), 20_000);
});

test("joining needs a name, and a folder that is there", async () => {
  await goTo(ward, "#/hub", "#hub-person");
  assert.equal(await ward.findElement(By.id("hub-person")).getAttribute("value"), "Nia Nurse", "the first run's answer");
  await typeInto(ward, "hub-person", "");
  await ward.findElement(By.id("join-hub")).click();
  await eventually(ward, async () => /Enter your name/.test(await ward.findElement(By.css(".app-sharing [role=alert]")).getText()));
  await typeInto(ward, "hub-person", "Nia Nurse");
  await typeInto(ward, "hub-folder", path.join(hub, "..", "no-such-folder"));
  await ward.findElement(By.id("join-hub")).click();
  await ward.wait(async () => {
    const found = await ward.findElements(By.css(".app-sharing [role=alert]"));
    return found.length > 0 && /cannot be reached/.test(await found[0].getText());
  }, 20_000);
});

test("it joins the trust's hub and waits for approval", async () => {
  await typeInto(ward, "hub-folder", hub);
  await typeInto(ward, "hub-person", "Nia Nurse");
  await typeInto(ward, "hub-site", "Ward 7");
  await ward.findElement(By.id("join-hub")).click();
  await ward.wait(async () => /Waiting for an admin or lead/.test(await sharingText()), 20_000);
  await ward.wait(async () => /Hub checked at \d\d:\d\d/.test(await ward.findElement(By.id("sync-status")).getText()), 20_000);
  await screenshot(ward, "sharing-waiting");
  assert.deepEqual(await accessibilityProblems(ward), [], "Hub and people passes axe");
  const [request] = JSON.parse(cli(lead, "hub", "requests", "--json"));
  assert.equal(request.person, "Nia Nurse");
  assert.equal(request.site, "Ward 7");
  cli(lead, "hub", "approve", request.actor, "--role", "clinician");
});

test("once approved, its earlier work reaches the lead", async () => {
  await ward.wait(async () => /as clinician/.test(await sharingText()), 30_000);
  let titles = [];
  const deadline = Date.now() + 30_000;
  while (Date.now() < deadline) {
    cli(lead, "sync");
    titles = JSON.parse(cli(lead, "idea", "list", "--json")).map((i) => i.title);
    if (titles.includes("Typed before sharing")) break;
    await new Promise((r) => setTimeout(r, 500));
  }
  assert.ok(titles.includes("Typed before sharing"), JSON.stringify(titles));
});
