// A ward idea's way through triage with two real apps sharing a folder hub: a clinician
// submits it from the keyboard, the lead moves it through the gate with a reason the
// clinician then reads under "My ideas", and two reviewers on the shared ward PC, each
// unlocking with their own passphrase, score it blind until the disagreement shows.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  CLI,
  Key,
  accessibilityProblems,
  cli,
  eventually,
  launchTwoApps,
  pickPerson,
  screenshot,
  switchesTo,
  leadDir,
  tempDataDir,
  unlock,
  waitForTitles,
} from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-share-")), "hub");
const leadData = leadDir();
const wardDir = tempDataDir();
const PASSPHRASES = { "Rita Reviewer": "willow kettle harbour", "Rob Reviewer": "copper lantern meadow" };
const IDEA = "Bed-exit alarms for falls at night";
const REASON = "Falls are our top harm: worth a closer look";
let apps;
let lead;
let ward;

function cliAs(dir, passphrase, ...args) {
  return execFileSync(CLI, ["--data-dir", dir, ...args], {
    encoding: "utf8",
    env: { ...process.env, SPROUT_PASSPHRASE: passphrase },
  });
}

before(async () => {
  cli(leadData, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(wardDir, "hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7");
  // Two reviewers share the ward PC, each with a passphrase that seals their key.
  for (const [name, secret] of Object.entries(PASSPHRASES)) {
    cliAs(wardDir, secret, "person", "add", name);
    cliAs(wardDir, secret, "--as", name, "sync");
  }
  for (const request of JSON.parse(cli(leadData, "hub", "requests", "--json"))) {
    const role = request.person.endsWith("Reviewer") ? "reviewer" : "clinician";
    cli(leadData, "hub", "approve", request.actor, "--role", role);
  }
  cli(wardDir, "sync");

  apps = await launchTwoApps(leadData, wardDir);
  [lead, ward] = apps.apps;
  // The lead unlocks their roles with their passphrase, as each time Sprout starts.
  await unlock(lead, "Priya Shah");
});

after(async () => {
  await apps?.stop();
});

const card = (app) => app.findElement(By.xpath(`//ul[@id='idea-list']/li[contains(., '${IDEA}')]`));

test("a clinician submits an idea with the keyboard alone", async () => {
  await eventually(ward, async () => (await ward.findElement(By.id("acting-person")).getText()) === "Nia Nurse", 15_000);
  const title = await ward.findElement(By.id("idea-title"));
  await title.sendKeys(IDEA);
  // Tab to the problem, type, then Enter in a one-line field submits the form.
  await title.sendKeys(Key.TAB);
  await ward.switchTo().activeElement().sendKeys("Patients get up unobserved in the bays overnight and fall.");
  await title.sendKeys(Key.ENTER);
  await waitForTitles(ward, [IDEA], 15_000);
});

test("the lead moves it through triage, and the clinician reads why under My ideas", async () => {
  await waitForTitles(lead, [IDEA], 30_000);
  const gate = await (await card(lead)).findElement(By.css("details.app-gate"));
  await gate.findElement(By.css("summary")).click();
  await gate.findElement(By.css("textarea")).sendKeys(REASON);
  await gate.findElement(By.xpath(".//button[contains(., 'Save decision')]")).click();
  await eventually(lead, async () => (await (await card(lead)).findElement(By.css("[data-stage]")).getText()) === "Triage", 10_000);

  const [idea] = JSON.parse(cli(leadData, "idea", "list", "--json"));
  for (const name of Object.keys(PASSPHRASES)) {
    cli(leadData, "review", "assign", idea.id, "--reviewer", name);
  }

  await ward.findElement(By.css("label[for='show-mine']")).click();
  await eventually(ward, async () => (await (await card(ward)).getText()).includes(REASON), 30_000);
  assert.equal(await (await card(ward)).findElement(By.css("[data-stage]")).getText(), "Triage");
  assert.deepEqual(await accessibilityProblems(ward), [], "My ideas passes axe");
});

async function switchTo(name) {
  await switchesTo(ward, name, async () => {
    await pickPerson(ward, name);
    const field = await eventually(ward, async () => (await ward.findElements(By.id("passphrase")))[0] ?? false, 10_000);
    await field.sendKeys(PASSPHRASES[name], Key.ENTER);
  });
}

async function openScores() {
  await waitForTitles(ward, [IDEA], 30_000);
  const summary = await (await card(ward)).findElement(By.css("details.app-scores summary"));
  await summary.click();
  return eventually(ward, async () => {
    const panel = await (await card(ward)).findElement(By.css("details.app-scores"));
    return (await panel.getText()).includes("rubric version") ? panel : false;
  }, 15_000);
}

async function score(picks) {
  for (const [criterion, value] of Object.entries(picks)) {
    await (await card(ward)).findElement(By.css(`label[for$='-${criterion}-${value}']`)).click();
  }
  await (await card(ward)).findElement(By.xpath(".//button[contains(., 'Save my scores')]")).click();
}

test("two reviewers score it blind, and their disagreement is flagged", async () => {
  await switchTo("Rita Reviewer");
  let panel = await openScores();
  assert.match(await panel.getText(), /Give your own scores first/);
  await score({ need: 5, impact: 5 });
  await eventually(ward, async () => (await (await card(ward)).findElements(By.css(".app-total"))).length > 0, 15_000);

  await switchTo("Rob Reviewer");
  panel = await openScores();
  const before = await panel.getText();
  assert.match(before, /Give your own scores first/, "Rob cannot see Rita's scores before his own");
  assert.doesNotMatch(before, /Weighted total/);
  await score({ need: 1, impact: 2 });
  await eventually(ward, async () => (await (await card(ward)).findElements(By.css(".app-disagree"))).length > 0, 15_000);
  const flagged = await (await card(ward)).findElement(By.css(".app-score-table")).getText();
  assert.match(flagged, /Need[^\n]*Disagreement/);
  await screenshot(ward, "blind-scores-disagree");
  assert.deepEqual(await accessibilityProblems(ward), [], "the scoring screen passes axe");
});
