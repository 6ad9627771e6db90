// The Dashboard in the real app: a lead opens it, reads the funnel, chooses a figure and
// lands on the Ideas table showing exactly that many ideas; axe passes at 1366x768 and at
// 200 % zoom.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
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
let driver;
let app;

before(async () => {
  const ideas = [];
  for (const [title, site] of [["Bed-exit sensors", "Royal"], ["Discharge checklist app", "General"], ["Rota swap board", "Royal"], ["Pharmacy runner", "Hill"]]) {
    ideas.push(cli(lead, "idea", "add", "--title", title, "--problem", "Seen on every shift", "--site", site).trim());
  }
  for (const id of ideas.slice(0, 3)) cli(lead, "idea", "move", id, "--decision", "go", "--rationale", "Triage it");
  cli(lead, "idea", "move", ideas[0], "--decision", "go", "--rationale", "Shape it");
  driver = await startDriver({ SPROUT_DATA_DIR: lead });
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

test("the Dashboard has no WCAG A or AA failures at 1366x768 and at 200 % zoom", async () => {
  await pagesPassAxe(app, [["#/dashboard", "#dashboard-funnel"]], "1366x768");
  await zoomTo200(app);
  await pagesPassAxe(app, [["#/dashboard", "#dashboard-funnel"]], "200 % zoom");
  await app.executeScript("document.getElementById('spc-heading').scrollIntoView()");
  await screenshot(app, "dashboard-zoomed");
});
