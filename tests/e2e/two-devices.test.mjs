// Two instances of the real app, each with its own data folder, sharing one folder hub:
// an idea typed on the ward PC appears on the innovation lead's PC without any click.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  cli,
  clinicianDir,
  goTo,
  goToShare,
  launchTwoApps,
  leadDir,
  openIdea,
  screenshot,
  tempDataDir,
  typeInto,
  unlock,
  until,
  waitForTitles,
} from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-share-")), "hub");
const leadData = leadDir();
const wardDir = tempDataDir();
let apps;
let lead;
let ward;

before(async () => {
  cli(leadData, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(wardDir, "hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7");
  const [request] = JSON.parse(cli(leadData, "hub", "requests", "--json"));
  cli(leadData, "hub", "approve", request.actor, "--role", "clinician");

  apps = await launchTwoApps(leadData, wardDir);
  [lead, ward] = apps.apps;
  // The lead unlocks their roles with their passphrase, as each time Sprout starts.
  await unlock(lead, "Priya Shah");
});

after(async () => {
  await apps?.stop();
});

test("both apps show the shared hub as up to date", async () => {
  for (const app of [lead, ward]) {
    const status = await app.findElement(By.id("sync-status"));
    await app.wait(async () => (await status.getAttribute("data-state")) === "up_to_date", 30_000);
    assert.match(await status.getText(), /Up to date at \d\d:\d\d/);
  }
});

test("an idea typed on the ward appears on the lead's PC without any click", async () => {
  await typeInto(ward, "idea-title", "Bed-exit sensors for night-time falls");
  await typeInto(ward, "idea-problem", "Patients fall at night when the bay is unobserved.");
  await ward.findElement(By.id("save-idea")).click();
  await waitForTitles(ward, ["Bed-exit sensors for night-time falls"]);
  await waitForTitles(lead, ["Bed-exit sensors for night-time falls"], 30_000);
  await openIdea(lead, "Bed-exit sensors for night-time falls");
  const meta = await lead.findElement(By.css("#idea-page .app-idea-meta")).getText();
  assert.match(meta, /Nia Nurse/);
  await screenshot(lead, "two-devices-lead");
});

test("and the lead's reply travels back the same way", async () => {
  await goToShare(lead);
  await typeInto(lead, "idea-title", "Discharge letters in plain English");
  await typeInto(lead, "idea-problem", "Letters are full of abbreviations.");
  await lead.findElement(By.id("save-idea")).click();
  await waitForTitles(ward, ["Discharge letters in plain English", "Bed-exit sensors for night-time falls"], 30_000);
  await ward.wait(until.elementLocated(By.id("sync-status")), 5_000);
});

test("the ward offers Edit on its own idea only; the lead on both", async () => {
  const editable = async (app, title) => {
    await openIdea(app, title);
    return (await app.findElements(By.id("edit-idea"))).length === 1;
  };
  assert.equal(await editable(ward, "Bed-exit sensors for night-time falls"), true);
  assert.equal(await editable(ward, "Discharge letters in plain English"), false);
  assert.equal(await editable(lead, "Bed-exit sensors for night-time falls"), true);
  assert.equal(await editable(lead, "Discharge letters in plain English"), true);
});

test("a PC asking to join shows in the lead's header at once", async () => {
  cli(clinicianDir("Olu Okafor", "Ward 9"), "hub", "join", hub);
  const waiting = await lead.wait(until.elementLocated(By.id("header-requests")), 20_000);
  assert.equal((await waiting.getText()).trim(), "1 waiting to join");
  await waiting.click();
  await lead.wait(async () => /Olu Okafor/.test(await lead.findElement(By.css(".app-sharing")).getText().catch(() => "")), 10_000);
  assert.equal(await lead.executeScript("return location.hash"), "#/hub");
});

test("the lead sees who is on the hub and revokes the ward PC after confirming", async () => {
  const table = await lead.wait(until.elementLocated(By.id("hub-members")), 20_000);
  await lead.wait(async () => /Nia Nurse/.test(await table.getText()), 20_000);
  assert.match(await table.getText(), /Priya Shah \(you\)/);
  // Each member's newest work this PC holds says how recently their PC synced.
  assert.match(await table.getText(), /Nia Nurse[^\n]*\d\d:\d\d/);
  await lead.executeScript("document.getElementById('hub-members').scrollIntoView()");
  const revoke = await lead.findElement(By.xpath("//table[@id='hub-members']//tr[contains(., 'Nia Nurse')]//button"));
  await revoke.click();
  const confirm = await lead.wait(
    until.elementLocated(By.xpath("//table[@id='hub-members']//button[contains(., 'Yes, revoke')]")),
    5_000,
  );
  await screenshot(lead, "revoke-confirm");
  await confirm.click();
  await lead.wait(async () => /Revoked/.test(await lead.findElement(By.id("hub-members")).getText()), 10_000);
});

test("the revoked ward PC says so and keeps its new work to itself", async () => {
  await ward.wait(until.elementLocated(By.id("sync-revoked")), 30_000);
  await goTo(ward, "#/hub", "#sharing-where");
  await ward.wait(async () => /revoked this PC's access/.test(await ward.findElement(By.id("sharing-where")).getText()), 10_000);
  await goToShare(ward);
  await typeInto(ward, "idea-title", "Typed after revocation");
  await typeInto(ward, "idea-problem", "This must stay on the ward PC.");
  await ward.findElement(By.id("save-idea")).click();
  await waitForTitles(ward, ["Typed after revocation", "Discharge letters in plain English", "Bed-exit sensors for night-time falls"]);
  // The lead syncs every second; give it several rounds, then check nothing arrived.
  await new Promise((r) => setTimeout(r, 4_000));
  const titles = JSON.parse(cli(leadData, "idea", "list", "--json")).map((i) => i.title);
  assert.ok(!titles.includes("Typed after revocation"), JSON.stringify(titles));
});
