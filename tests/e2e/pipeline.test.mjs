// A lead's real pipeline: 300 ideas from 5 sites, 30 of them in Triage, on a shared hub
// with a reviewer. The Ideas place shows one page of 50 from the store, pages on, filters
// by stage from its counts, opens an idea's own page, and acts on chosen rows in bulk. No
// screen holds every idea.
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
  clinicianDir,
  eventually,
  goTo,
  launchApp,
  leadDir,
  screenshot,
  startDriver,
  typeInto,
  unlock,
  until,
} from "./harness.mjs";

const dataDir = leadDir("Priya Shah", "Hub");
const SITES = ["St Mary's", "Royal", "General", "Community", "Children's"];
let tauriDriver;
let app;

/** Adds an idea as the CLI would for a clinician: no passphrase, so no key to unlock. */
function addIdea(n) {
  const args = ["--data-dir", dataDir, "idea", "add", "--title", `Pipeline idea ${String(n).padStart(3, "0")}`,
    "--problem", `Problem number ${n} seen on the ward`, "--site", SITES[n % SITES.length]];
  const env = { ...process.env };
  delete env.SPROUT_PASSPHRASE;
  return execFileSync(CLI, args, { encoding: "utf8", env }).trim();
}

before(async () => {
  const ids = [];
  for (let n = 0; n < 300; n++) ids.push(addIdea(n));
  for (const id of ids.slice(0, 30)) cli(dataDir, "idea", "move", id, "--decision", "go", "--rationale", "Worth triage");
  // Three of the ideas in Triage scored by the lead: 003 highest, then 007, then 012.
  for (const [n, need] of [[3, 5], [7, 4], [12, 2]]) cli(dataDir, "review", "score", ids[n], "--criterion", `need=${need}`, "--submit");
  // The hub is shared, with a reviewer the lead can ask for scores.
  const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-pipeline-")), "hub");
  cli(dataDir, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  const reviewer = clinicianDir("Rita Reviewer", "Royal");
  cli(reviewer, "hub", "join", hub);
  const [request] = JSON.parse(cli(dataDir, "hub", "requests", "--json"));
  cli(dataDir, "hub", "approve", request.actor, "--role", "reviewer");
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  // The lead unlocks, so every card carries a lead's controls (gate, merge, scores).
  await unlock(app, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

const caption = async () => (await app.findElement(By.id("ideas-table-caption")).getText()).trim();
const elements = () => app.executeScript("return document.getElementsByTagName('*').length");

test("Share an idea holds the form alone, however many ideas there are", async () => {
  await eventually(app, async () => (await app.findElements(By.id("idea-title"))).length === 1, 30_000);
  console.log(`# Share an idea with 300 ideas holds ${await elements()} elements`);
  assert.ok((await elements()) < 600, `Share an idea holds ${await elements()} elements`);
});

test("the Ideas place shows one page of the pipeline and pages on", async () => {
  await app.findElement(By.id("nav-ideas")).click();
  await eventually(app, async () => (await caption()) === "300 ideas, page 1 of 6", 15_000);
  assert.equal((await app.findElements(By.css("#ideas-table tbody tr"))).length, 50);
  assert.ok((await elements()) < 3000, `the table page holds ${await elements()} elements`);
  assert.equal(await app.executeScript("return location.hash"), "#/ideas");
  const first = await app.findElement(By.css("#ideas-table tbody tr .app-row-title")).getText();
  assert.equal(first, "Pipeline idea 299", "newest first");
  await app.findElement(By.id("page-next")).click();
  await eventually(app, async () => (await caption()) === "300 ideas, page 2 of 6", 10_000);
  assert.equal(await app.findElement(By.css("#ideas-table tbody tr .app-row-title")).getText(), "Pipeline idea 249");
  await app.executeScript("window.scrollTo(0, 0)");
  await screenshot(app, "ideas-table");
  assert.deepEqual(await accessibilityProblems(app), [], "the Ideas place passes axe");
});

test("a stage's count filters the table to it", async () => {
  await app.findElement(By.css("[data-stage-count='triage']")).click();
  await eventually(app, async () => (await caption()) === "30 ideas, page 1 of 1", 10_000);
  const stages = await app.findElements(By.css("#ideas-table tbody td[data-stage]"));
  assert.equal(stages.length, 30);
  for (const cell of stages) assert.equal(await cell.getText(), "Triage");
  assert.match(await app.findElement(By.id("stage-all")).getText(), /All stages \(300\)/);
});

test("the Score heading sorts the table highest score first, unscored last", async () => {
  await app.findElement(By.id("sort-score")).click();
  const rows = async () => Promise.all((await app.findElements(By.css("#ideas-table tbody tr .app-row-title"))).slice(0, 4).map((e) => e.getText()));
  await eventually(app, async () => (await rows())[0] === "Pipeline idea 003", 10_000);
  assert.deepEqual(await rows(), ["Pipeline idea 003", "Pipeline idea 007", "Pipeline idea 012", "Pipeline idea 029"]);
  const th = await app.findElement(By.id("sort-score")).findElement(By.xpath(".."));
  assert.equal(await th.getAttribute("aria-sort"), "descending");
  await app.findElement(By.id("sort-submitted")).click();
  await eventually(app, async () => (await rows())[0] === "Pipeline idea 029", 10_000);
});

test("a title opens the idea's own page, and back returns to the table", async () => {
  const link = await app.findElement(By.css("#ideas-table tbody tr .app-row-title"));
  const title = await link.getText();
  await link.click();
  await eventually(app, async () => (await app.findElement(By.id("idea-heading")).getText()) === title, 10_000);
  assert.match(await app.executeScript("return location.hash"), /^#\/idea\/[0-9a-f-]{36}$/);

  // Comments are read and written on the idea's page; patient details are refused there too.
  const box = await app.findElement(By.id("comment-text"));
  await box.sendKeys("Seen the same on ward 9, dob 12.03.87");
  await app.findElement(By.id("add-comment")).click();
  await eventually(app, async () => (await app.findElements(By.css("#comment-text-pid mark"))).length === 1, 10_000);
  await typeInto(app, "comment-text", "Seen the same on ward 9");
  await app.findElement(By.id("add-comment")).click();
  await eventually(app, async () => /Seen the same on ward 9/.test(await app.findElement(By.id("comment-list")).getText()), 10_000);
  assert.match(await app.findElement(By.id("comments-heading")).getText(), /Comments \(1\)/);
  await screenshot(app, "idea-page");
  assert.deepEqual(await accessibilityProblems(app), [], "the idea's page passes axe");
  await app.navigate().back();
  await eventually(app, async () => (await app.findElements(By.id("ideas-table-caption"))).length === 1, 10_000);
});

test("a lead chooses rows and asks a reviewer to score them all", async () => {
  await eventually(app, async () => (await caption()) === "30 ideas, page 1 of 1", 10_000);
  const rows = await app.findElements(By.css("#ideas-table tbody tr"));
  const chosen = [];
  for (const row of rows.slice(0, 3)) {
    await row.findElement(By.css("input[type=checkbox]")).click();
    chosen.push(await row.findElement(By.css(".app-row-title")).getText());
  }
  const bulk = await app.wait(until.elementLocated(By.id("bulk-actions")), 10_000);
  assert.match(await bulk.getText(), /3 ideas chosen/);
  await eventually(app, async () => {
    await app.findElement(By.xpath("//select[@id='bulk-reviewer']/option[starts-with(., 'Rita Reviewer')]")).click();
    return true;
  }, 10_000);
  await app.findElement(By.id("bulk-assign")).click();
  await eventually(app, async () => /3 ideas now ask Rita Reviewer for scores/.test(await app.findElement(By.id("banner")).getText()), 10_000);
  const [first] = JSON.parse(cli(dataDir, "idea", "list", "--stage", "triage", "--json")).filter((i) => i.title === chosen[0]);
  const scores = JSON.parse(cli(dataDir, "idea", "scores", first.id, "--json"));
  assert.equal(scores.reviewers.length, 1);
});

test("and moves several through one gate with one rationale", async () => {
  const rows = await app.findElements(By.css("#ideas-table tbody tr"));
  for (const row of rows.slice(0, 2)) await row.findElement(By.css("input[type=checkbox]")).click();
  await app.findElement(By.css("label[for='bulk-decision-go']")).click();
  await app.findElement(By.id("bulk-rationale")).sendKeys("Refine these together");
  await app.findElement(By.id("bulk-decide")).click();
  await eventually(app, async () => /2 ideas moved\./.test(await app.findElement(By.id("banner")).getText()), 10_000);
  await eventually(app, async () => (await caption()) === "28 ideas, page 1 of 1", 10_000);
  assert.match(await app.findElement(By.css("[data-stage-count='refine']")).getText(), /Refine \(2\)/);
  assert.equal(JSON.parse(cli(dataDir, "idea", "list", "--stage", "refine", "--json")).length, 2);
  await screenshot(app, "bulk-decided");
});

test("My ideas pages through the person's own ideas, twenty at a time", async () => {
  await app.findElement(By.id("nav-mine")).click();
  const first = () => app.findElement(By.css("#my-ideas .app-idea-title")).getText();
  await eventually(app, async () => (await app.findElements(By.css("#my-ideas > li"))).length === 20, 15_000);
  assert.equal(await first(), "Pipeline idea 299");
  await app.findElement(By.id("mine-next")).click();
  await eventually(app, async () => (await first()) === "Pipeline idea 279", 10_000);
  assert.match(await app.findElement(By.id("mine-previous")).getText(), /Page 1 of 15/);
  assert.deepEqual(await accessibilityProblems(app), [], "My ideas passes axe");
});

test("the board holds one page per column", async () => {
  await goTo(app, "#/board", "#column-submitted-next");
  assert.ok((await elements()) < 3000, `the board holds ${await elements()} elements`);
  assert.match(await app.findElement(By.id("column-submitted")).getText(), /Submitted \(270\)/);
  await screenshot(app, "board-300");
});

test("Ctrl+plus and Ctrl+minus zoom the window", async () => {
  const width = () => app.executeScript("return window.innerWidth");
  const before = await width();
  const body = await app.findElement(By.css("body"));
  await body.sendKeys(Key.chord(Key.CONTROL, "="));
  await eventually(app, async () => (await width()) < before, 10_000);
  await body.sendKeys(Key.chord(Key.CONTROL, "-"));
  await eventually(app, async () => (await width()) === before, 10_000);
});
