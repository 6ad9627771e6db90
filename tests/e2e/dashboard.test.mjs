// The Dashboard in the real app: a lead opens it, reads the funnel, chooses a figure and
// lands on the Ideas table showing exactly that many ideas; axe passes at 1366x768 and at
// 200 % zoom. The lead makes the board pack from the window and it lands in Downloads,
// a tagged PDF that poppler reads back; its pages are saved as pictures to look at.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  ARTIFACTS,
  By,
  cli,
  eventually,
  goTo,
  launchApp,
  leadDir,
  openDetails,
  pagesPassAxe,
  screenshot,
  startDriver,
  typeInto,
  unlock,
  zoomTo200,
} from "./harness.mjs";

const lead = leadDir("Priya Shah", "Royal");
const root = mkdtempSync(path.join(os.tmpdir(), "sprout-dashboard-"));
const downloads = path.join(root, "Downloads");
let driver;
let app;

before(async () => {
  const ideas = [];
  for (const [title, site] of [["Bed-exit sensors", "Royal"], ["Discharge checklist app", "General"], ["Rota swap board", "Royal"], ["Pharmacy runner", "Hill"]]) {
    ideas.push(cli(lead, "idea", "add", "--title", title, "--problem", "Seen on every shift", "--site", site).trim());
  }
  for (const id of ideas.slice(0, 3)) cli(lead, "idea", "move", id, "--decision", "go", "--rationale", "Triage it");
  cli(lead, "idea", "move", ideas[0], "--decision", "go", "--rationale", "Shape it");
  // The desktop's own Downloads folder, as XDG user-dirs names it.
  mkdirSync(downloads);
  mkdirSync(path.join(root, "config"));
  writeFileSync(path.join(root, "config", "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  driver = await startDriver({ SPROUT_DATA_DIR: lead, XDG_CONFIG_HOME: path.join(root, "config") });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  await unlock(app, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

/** The figure button in `row` of the funnel, in column `col` (1: there now, 2: entered). */
async function funnelFigure(stage, col) {
  return app.findElement(By.css(`#dashboard-funnel tr[data-stage='${stage}'] td:nth-of-type(${col}) button`));
}

test("a lead opens the Dashboard, chooses a figure and lands on exactly those ideas", async () => {
  const nav = await eventually(app, async () => (await app.findElements(By.id("nav-dashboard")))[0] ?? false);
  await nav.click();
  await eventually(app, async () => (await app.findElements(By.id("dashboard-funnel"))).length > 0);
  assert.equal(await (await funnelFigure("submitted", 2)).getText(), "4");
  assert.equal(await (await funnelFigure("triage", 2)).getText(), "3");
  assert.equal(await (await funnelFigure("triage", 1)).getText(), "2", "one moved on to Refine");
  await screenshot(app, "dashboard-lead");
  const figure = await funnelFigure("triage", 2);
  await app.executeScript("arguments[0].scrollIntoView({ block: 'center' })", figure);
  await figure.click();
  await eventually(app, async () => (await app.findElements(By.id("table-figure"))).length > 0);
  assert.match(await app.findElement(By.id("table-figure")).getText(), /The 3 ideas behind the dashboard's figure: entered Triage/);
  const rows = await eventually(app, async () => {
    const found = await app.findElements(By.css("table tbody tr a.app-row-title"));
    return found.length === 3 && found;
  });
  const titles = await Promise.all(rows.map((r) => r.getText()));
  assert.deepEqual(titles.sort(), ["Bed-exit sensors", "Discharge checklist app", "Rota swap board"]);
  await screenshot(app, "dashboard-figure-ideas");
  await app.findElement(By.id("table-figure-clear")).click();
  await eventually(app, async () => (await app.findElements(By.css("table tbody tr a.app-row-title"))).length === 4);
});

test("an admin sets the hub's waiting target, and the Dashboard counts against it", async () => {
  await goTo(app, "#/hub", "#waiting-target");
  assert.match(await app.findElement(By.id("waiting-target")).getText(), /longer than 14 days/);
  await typeInto(app, "waiting-target-days", "400");
  await app.findElement(By.id("waiting-target-save")).click();
  const refused = await eventually(app, async () => (await app.findElements(By.css("#waiting-target-errors")))[0] ?? false);
  assert.match(await refused.getText(), /from 1 to 365/);
  await typeInto(app, "waiting-target-days", "21");
  await app.findElement(By.id("waiting-target-save")).click();
  await eventually(app, async () => /longer than 21 days/.test(await app.findElement(By.id("waiting-target")).getText()));
  await goTo(app, "#/dashboard", "#dashboard-cards");
  assert.match(await app.findElement(By.id("dashboard-cards")).getText(), /Waiting in Submitted over 21 days/);
});

test("the lead makes the board pack from the window and it lands in Downloads, tagged", async () => {
  await goTo(app, "#/dashboard", "#dashboard-funnel");
  await openDetails(app, "Make the board pack");
  await typeInto(app, "board-meeting", "Trust Innovation Board");
  await typeInto(app, "board-recommendation", "The board is asked to note the ideas waiting.");
  await screenshot(app, "dashboard-board-pack-form");
  const make = await app.findElement(By.id("board-make"));
  await app.executeScript("arguments[0].scrollIntoView({ block: 'center' })", make);
  await make.click();
  const status = await eventually(app, async () => {
    const text = await app.findElement(By.id("board-status")).getText();
    return /Saved to/.test(text) && text;
  }, 60_000);
  const files = readdirSync(downloads);
  assert.equal(files.length, 1, `${files}`);
  assert.match(files[0], /^Sprout board pack \d{4}-\d{2}-\d{2}\.pdf$/);
  assert.match(status, /4 ideas in its appendix/);
  const pdf = path.join(downloads, files[0]);
  const text = execFileSync("pdftotext", ["-layout", pdf, "-"], { encoding: "utf8" });
  for (const want of ["Trust Innovation Board", "The board is asked to note the ideas waiting.", "Priya Shah", "Bed-exit sensors", "Pharmacy runner"]) {
    assert.ok(text.includes(want), `${want} missing from the pack`);
  }
  assert.match(execFileSync("pdfinfo", [pdf], { encoding: "utf8" }), /Tagged:\s+yes/);
  // The pages as pictures, beside the screenshots, to look at.
  mkdirSync(ARTIFACTS, { recursive: true });
  execFileSync("pdftoppm", ["-png", "-r", "60", pdf, path.join(ARTIFACTS, "board-pack-page")]);
});

test("the Dashboard has no WCAG A or AA failures at 1366x768 and at 200 % zoom", async () => {
  await pagesPassAxe(app, [["#/dashboard", "#dashboard-funnel"]], "1366x768");
  await zoomTo200(app);
  await pagesPassAxe(app, [["#/dashboard", "#dashboard-funnel"]], "200 % zoom");
  await app.executeScript("document.getElementById('spc-heading').scrollIntoView()");
  await screenshot(app, "dashboard-zoomed");
});
