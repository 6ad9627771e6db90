// The real app checked with axe-core against WCAG 2.2 A and AA: the empty start, the form
// with errors and patient details marked, a list with stages, decisions and the gate
// open, the sharing panel, and the history of an idea.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { By, accessibilityProblems, cli, launchApp, leadDir, startDriver, typeInto, unlock, until } from "./harness.mjs";

const dataDir = leadDir();
let driver;
let app;

before(async () => {
  const id = cli(dataDir, "idea", "add", "--title", "Bed-exit sensors", "--problem", "Falls at night", "--affects", "patients,staff", "--department", "Ward 7", "--tag", "falls").trim();
  cli(dataDir, "idea", "move", id, "--decision", "go", "--rationale", "Seen on three wards");
  cli(dataDir, "idea", "support", id, "Ward 9 too");
  driver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp();
  await unlock(app, "Priya Shah");
  await app.wait(until.elementLocated(By.css("#idea-list li")), 10_000);
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

test("the start screen has no WCAG A or AA failures", async () => {
  assert.deepEqual(await accessibilityProblems(app), []);
});

test("nor does the form with errors and marked patient details", async () => {
  await typeInto(app, "idea-title", "Falls");
  await typeInto(app, "idea-problem", "NHS 943 476 5919 fell");
  await app.findElement(By.id("save-idea")).click();
  await app.wait(until.elementLocated(By.css("#idea-problem-pid mark")), 10_000);
  assert.deepEqual(await accessibilityProblems(app), []);
  await typeInto(app, "idea-problem", "");
  await typeInto(app, "idea-title", "");
});

test("nor does a card with its gate, scores and history open", async () => {
  const card = await app.findElement(By.css("#idea-list li"));
  await card.findElement(By.css("details.app-gate summary")).click();
  await card.findElement(By.css("details.app-scores summary")).click();
  await card.findElement(By.css("details.app-history summary")).click();
  await app.wait(until.elementLocated(By.css(".app-timeline li")), 10_000);
  await app.wait(until.elementLocated(By.css(".app-criterion")), 10_000);
  assert.deepEqual(await accessibilityProblems(app), []);
});

test("the check itself catches a real failure (an image with no text alternative)", async () => {
  await app.executeScript(`const img = document.createElement("img"); img.id = "planted"; img.src = "data:,"; document.body.append(img);`);
  const problems = await accessibilityProblems(app);
  await app.executeScript(`document.getElementById("planted").remove();`);
  assert.ok(problems.some((p) => p.startsWith("image-alt")), JSON.stringify(problems));
});

test("nor does the board", async () => {
  await app.findElement(By.id("view-board")).click();
  await app.wait(until.elementLocated(By.css("[data-stage-column]")), 10_000);
  assert.deepEqual(await accessibilityProblems(app), []);
  await app.findElement(By.id("view-list")).click();
});
