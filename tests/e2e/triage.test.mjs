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
  goTo,
  launchTwoApps,
  openIdea,
  pickPerson,
  screenshot,
  switchesTo,
  leadDir,
  tap,
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

/** The idea's own page, once opened. */
const card = (app) => app.findElement(By.id("idea-page"));

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

test("the lead moves it through triage, and the clinician sees the decision marked new and replies", async () => {
  await waitForTitles(lead, [IDEA], 30_000);
  const page = await openIdea(lead, IDEA);
  const gate = await page.findElement(By.css(".app-gate"));
  await tap(lead, await gate.findElement(By.css("label[for$='-go']")));
  await gate.findElement(By.css("textarea")).sendKeys(REASON);
  await gate.findElement(By.css("button[type=submit]")).click();
  await eventually(lead, async () => (await (await card(lead)).findElement(By.css("[data-stage]")).getText()) === "Triage", 10_000);
  assert.match(await lead.findElement(By.id("banner")).getText(), /is now at Triage/);

  const [idea] = JSON.parse(cli(leadData, "idea", "list", "--json"));
  for (const name of Object.keys(PASSPHRASES)) {
    cli(leadData, "review", "assign", idea.id, "--reviewer", name);
  }

  // The header counts what is new on Nia's ideas as the decision arrives.
  await eventually(ward, async () => /\(1 new\)/.test(await ward.findElement(By.id("nav-mine")).getText()), 30_000);
  await ward.findElement(By.id("nav-mine")).click();
  const mine = await eventually(ward, async () => (await ward.findElements(By.css("#my-ideas li[data-idea-id]")))[0] ?? false, 15_000);
  assert.match(await mine.getText(), new RegExp(REASON));
  assert.match(await mine.findElement(By.css("[data-new]")).getText(), /New: a decision/);
  assert.match(await mine.findElement(By.css("[data-stage]")).getText(), /Triage/);
  assert.deepEqual(await accessibilityProblems(ward), [], "My ideas passes axe");
  await screenshot(ward, "my-ideas-news");
  // Looking clears the count.
  await eventually(ward, async () => (await ward.findElements(By.id("nav-mine-count"))).length === 0, 10_000);

  // She opens it, reads what happens next, and answers the lead in the comments.
  await mine.findElement(By.css("a")).click();
  await eventually(ward, async () => /What happens next/.test(await ward.findElement(By.id("what-next")).getText()), 10_000);
  await ward.findElement(By.id("comment-text")).sendKeys("Happy to help test it on Ward 7");
  await ward.findElement(By.id("add-comment")).click();
  await eventually(ward, async () => /Happy to help test it/.test(await ward.findElement(By.id("comment-list")).getText()), 10_000);
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
  await openIdea(ward, IDEA);
  const summary = await (await card(ward)).findElement(By.css("details.app-scores summary"));
  await tap(ward, summary);
  return eventually(ward, async () => {
    const panel = await (await card(ward)).findElement(By.css("details.app-scores"));
    return (await panel.getText()).includes("rubric version") ? panel : false;
  }, 15_000);
}

async function score(picks) {
  for (const [criterion, value] of Object.entries(picks)) {
    await tap(ward, await (await card(ward)).findElement(By.css(`label[for$='-${criterion}-${value}']`)));
  }
  await tap(ward, await (await card(ward)).findElement(By.xpath(".//button[contains(., 'Save my scores')]")));
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
