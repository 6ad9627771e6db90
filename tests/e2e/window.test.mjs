// The window shows what is true now, on two real apps sharing a folder hub: a comment
// written on one PC appears on the other's open idea page, and a score saved on the ward
// PC reaches the score column of the lead's open Ideas table, with no navigation. And a
// lead whose roles are locked after a start is told so, everywhere, with the way to unlock.
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
  LEAD_PASS,
  accessibilityProblems,
  cli,
  eventually,
  goTo,
  launchTwoApps,
  leadDir,
  openIdea,
  screenshot,
  switchesTo,
  tap,
  tempDataDir,
  unlock,
} from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-share-")), "hub");
const leadData = leadDir();
const wardDir = tempDataDir();
const RITA = "willow kettle harbour";
const IDEA = "Sensors under mattresses for unobserved falls";
let apps;
let lead;
let ward;
let ideaId;

function asRita(...args) {
  return execFileSync(CLI, ["--data-dir", wardDir, ...args], {
    encoding: "utf8",
    env: { ...process.env, SPROUT_PASSPHRASE: RITA },
  });
}

before(async () => {
  cli(leadData, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  // The ward PC's first person reviews: her key is sealed with her passphrase.
  asRita("person", "start", "Rita Reviewer", "--site", "Ward 7");
  asRita("hub", "join", hub);
  for (const request of JSON.parse(cli(leadData, "hub", "requests", "--json"))) {
    cli(leadData, "hub", "approve", request.actor, "--role", "reviewer");
  }
  ideaId = JSON.parse(cli(leadData, "idea", "add", "--title", IDEA, "--problem", "Nobody hears a fall at night.", "--json")).id;
  cli(leadData, "idea", "move", ideaId, "--decision", "go", "--rationale", "Worth a look");
  cli(leadData, "review", "assign", ideaId, "--reviewer", "Rita Reviewer");
  cli(leadData, "sync");
  asRita("sync");

  apps = await launchTwoApps(leadData, wardDir);
  [lead, ward] = apps.apps;
});

after(async () => {
  await apps?.stop();
});

test("a lead whose roles are locked is told so everywhere, and unlocks from the header", async () => {
  await lead.manage().window().setRect({ width: 1366, height: 768 });
  const locked = await eventually(lead, async () => (await lead.findElements(By.id("roles-locked")))[0] ?? false, 15_000);
  // A lead's place reached by its address says whose it is and how to unlock, never
  // "Loading…" for ever.
  await goTo(lead, "#/board", "#not-yours");
  assert.match(await lead.findElement(By.id("not-yours")).getText(), /Board is for reviewers, leads and admins/);
  assert.match(await lead.findElement(By.id("not-yours")).getText(), /locked on this PC until you give your passphrase/);
  assert.deepEqual(await accessibilityProblems(lead), [], "the locked place passes axe");
  await screenshot(lead, "place-locked");
  // Hub and people says the roles are locked, not that the PC waits for approval.
  await goTo(lead, "#/hub", "#sharing-where");
  const where = await lead.findElement(By.id("sharing-where")).getText();
  assert.match(where, /locked on this PC until you give your passphrase/);
  assert.doesNotMatch(where, /Waiting for an admin or lead/);

  // "(roles locked)" is the way to unlock: it asks for this person's own passphrase.
  assert.match(await locked.getText(), /roles locked/);
  await switchesTo(lead, "Priya Shah", async () => {
    // Pressed again if a busy machine lost the press (the header is drawn afresh as the
    // people on this PC are read again after each sync).
    const field = await eventually(lead, async () => {
      const asked = await lead.findElements(By.id("passphrase"));
      if (asked.length > 0) return asked[0];
      await tap(lead, await lead.findElement(By.id("roles-locked")));
      await lead.sleep(500);
      return false;
    }, 20_000);
    await field.sendKeys(LEAD_PASS, Key.ENTER);
  });
  await eventually(lead, async () => (await lead.findElements(By.id("roles-locked"))).length === 0, 15_000);
  await eventually(lead, async () => (await lead.findElements(By.id("nav-board"))).length === 1, 15_000);
});

test("a comment written on one PC appears on the other's open idea page", async () => {
  await unlock(ward, "Rita Reviewer", RITA);
  await openIdea(lead, IDEA);
  await openIdea(ward, IDEA);
  assert.match(await lead.findElement(By.id("comments-heading")).getText(), /Comments \(0\)/);
  await ward.findElement(By.id("comment-text")).sendKeys("We see this on Ward 7 every week");
  await tap(ward, await ward.findElement(By.id("add-comment")));
  // Nothing is pressed on the lead's PC: the comment arrives with the sync.
  await eventually(lead, async () => /We see this on Ward 7/.test(await lead.findElement(By.id("comments")).getText()), 30_000);
  assert.match(await lead.findElement(By.id("comments-heading")).getText(), /Comments \(1\)/);
});

test("a score saved on the ward PC reaches the score column of the lead's open Ideas table", async () => {
  await goTo(lead, "#/ideas", "#ideas-table");
  const cell = () => lead.findElement(By.css(`#ideas-table tr[data-idea-id='${ideaId}'] td[data-col=score]`));
  await eventually(lead, async () => (await cell()).isDisplayed(), 15_000);
  const score = async () => (await (await cell()).getText()).trim();
  assert.equal(await score(), "", "no score before anyone scores");

  const card = await ward.findElement(By.id("idea-page"));
  await tap(ward, await card.findElement(By.css("details.app-scores summary")));
  await eventually(ward, async () => /rubric version/.test(await card.findElement(By.css("details.app-scores")).getText()), 15_000);
  for (const [criterion, value] of Object.entries({ need: 4, impact: 5 })) {
    await tap(ward, await card.findElement(By.css(`label[for$='-${criterion}-${value}']`)));
  }
  await tap(ward, await card.findElement(By.xpath(".//button[contains(., 'Save my scores')]")));
  await eventually(ward, async () => /Your scores are saved/.test(await card.findElement(By.css("details.app-scores")).getText()), 15_000);

  // The lead's table was left open: its score column follows.
  await eventually(lead, async () => /^\d+$/.test(await score()), 30_000);
  await screenshot(lead, "score-arrives-in-table");
});
