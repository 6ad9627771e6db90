// Benefits in the real app, on three PCs sharing one folder hub: a lead promotes a POC
// metric to a benefit in the window and validates it, the idea is adopted and spreads to
// a second site, quarterly actuals are recorded in the window on two lead PCs (one per
// site), and a reviewer's PC shows the roll-up with both sites. axe passes on the Benefits
// place and the idea's Benefits section at 1366x768 and at 200 % zoom.
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  choose,
  cli,
  eventually,
  goTo,
  launchApp,
  openDetails,
  pagesPassAxe,
  press,
  leadDir,
  screenshot,
  startDriver,
  typeInto,
  unlock,
  zoomTo200,
} from "./harness.mjs";

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-benefits-")), "hub");
const lead = leadDir("Priya Shah", "Royal");
const second = leadDir("Lee Second", "General");
// A reviewer chose a passphrase on their PC: a role above clinician needs one.
const reviewer = leadDir("Rita Reviewer", "Hub");
let driver;
let app;
let idea;

function approve(person, role) {
  const requests = JSON.parse(cli(lead, "hub", "requests", "--json"));
  const found = requests.find((r) => r.person === person);
  cli(lead, "hub", "approve", found.actor, "--role", role);
}

async function open(dataDir, name) {
  await app?.quit().catch(() => {});
  await driver?.stop();
  driver = await startDriver({ SPROUT_DATA_DIR: dataDir, SPROUT_SYNC_INTERVAL_SECS: "1" });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  if (name) await unlock(app, name);
}




/** A table's body rows, each as its cells' text joined by " | ". */
function rows(id) {
  return app.executeScript(
    "return [...document.querySelectorAll('#' + arguments[0] + ' tbody tr')].map((r) => [...r.cells].map((c) => c.textContent.trim()).join(' | '))",
    id,
  );
}

/** The one benefit's key, as its form fields are named. */
async function benefitKey() {
  const id = await eventually(app, async () => {
    const card = (await app.findElements(By.css("[data-benefit-id]")))[0];
    return card ? card.getAttribute("data-benefit-id") : false;
  });
  return id.slice(-8);
}

async function recordActual(key, quarter, value) {
  await openDetails(app, "Move it on, or record");
  await typeInto(app, `benefit-${key}-quarter`, quarter);
  await typeInto(app, `benefit-${key}-value`, value);
  await press(app, `benefit-${key}-record`);
  await eventually(app, async () => (await app.findElement(By.css(`[data-benefit-id] #benefit-${key}-chart-table`)).getText()).includes(quarter));
}

before(async () => {
  cli(lead, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(second, "hub", "join", hub, "--person", "Lee Second", "--site", "General");
  approve("Lee Second", "lead");
  cli(reviewer, "hub", "join", hub, "--person", "Rita Reviewer", "--site", "Hub");
  approve("Rita Reviewer", "reviewer");
  idea = cli(lead, "idea", "add", "--title", "Bed-exit sensors", "--problem", "Night falls go unseen", "--site", "Royal").trim();
  const go = (why) => cli(lead, "idea", "move", idea, "--decision", "go", "--rationale", why);
  go("Triage it");
  go("Shape it");
  go("Evaluate it");
  cli(lead, "idea", "framework", idea, "--clinical-sponsor", "Dr A Khan", "--dpia-screening", "No personal data", "--patient-facing", "no");
  go("Plan it");
  cli(lead, "poc", "hypothesis", idea, "Sensors cut night falls", "--measure", "Falls a month");
  cli(lead, "poc", "metric", idea, "--name", "Falls avoided", "--unit", "falls", "--direction", "higher", "--baseline", "0", "--baseline-date", "2026-04-01", "--target", "12", "--target-date", "2027-03-31");
  go("Run it");
  cli(lead, "poc", "actual", idea, "--metric", "Falls avoided", "--value", "3", "--date", "2026-06-30");
  go("Review it");
  for (const dir of [lead, second, reviewer]) cli(dir, "sync");
  await open(lead, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

test("a lead promotes a POC metric to a benefit and validates it; the idea is adopted", async () => {
  await goTo(app, `#/idea/${idea}`, "#benefits-heading");
  assert.match(await app.findElement(By.id("benefits-none")).getText(), /adopted only once a lead has validated/);
  await openDetails(app, "Record a benefit");
  // The POC's metrics load beside the section: wait for them, as a person would.
  const metric = await eventually(app, async () => (await app.findElements(By.css("#benefit-from-metric option:nth-child(2)")))[0] ?? false);
  await choose(app, "benefit-from-metric", await metric.getAttribute("value"));
  await choose(app, "benefit-class", "quantifiable");
  await choose(app, "benefit-category", "direct-public");
  await press(app, "benefit-add");
  const key = await benefitKey();
  assert.deepEqual(await rows(`benefit-${key}-chart-table`), ["Q1 2026/27 | — | 3 falls | 0 falls | 3 falls"], "the POC's actual, kept in its quarter");
  for (const [to, why] of [["estimated", "Worth a look"], ["validated", "Checked at the POC review"]]) {
    await openDetails(app, "Move it on, or record");
    await choose(app, `benefit-${key}-to`, to);
    await typeInto(app, `benefit-${key}-rationale`, why);
    await press(app, `benefit-${key}-move`);
    await eventually(app, async () => (await app.findElement(By.css(`[data-benefit-id] .app-benefit__state`)).getAttribute("data-state")) === to);
  }
  // The gate to Adopt & spread now finds a validated benefit.
  cli(lead, "idea", "move", idea, "--decision", "go", "--rationale", "Falls avoided: adopt it");
  cli(lead, "spread", idea, "--site", "General", "--status", "live", "--start", "2026-10-01");
  await goTo(app, `#/idea/${idea}`, "#benefits-heading");
  await recordActual(key, "Q3 2026/27", "4");
  await app.executeScript("arguments[0].scrollIntoView({ block: 'start' })", await app.findElement(By.css("[data-benefit-id]")));
  await screenshot(app, "benefits-idea-lead");
  cli(lead, "sync");
});

test("the second lead records the quarter's actual at their own site", async () => {
  cli(second, "sync");
  await open(second, "Lee Second");
  await goTo(app, `#/idea/${idea}`, "#benefits-heading");
  const key = await benefitKey();
  await openDetails(app, "Move it on, or record");
  await choose(app, `benefit-${key}-site`, "General");
  await recordActual(key, "Q3 2026/27", "2.5");
  cli(second, "sync");
});

test("a reviewer's PC shows the roll-up with both sites, and the register", async () => {
  cli(reviewer, "sync");
  await open(reviewer, "Rita Reviewer");
  const nav = await eventually(app, async () => (await app.findElements(By.id("nav-benefits")))[0] ?? false).catch(async (e) => {
    await screenshot(app, "benefits-debug");
    throw e;
  });
  await nav.click();
  await eventually(app, async () => (await app.findElements(By.id("rollup-site-measures"))).length > 0, 30_000);
  assert.deepEqual(await rows("rollup-site-measures"), [
    "General | Falls avoided | 0 falls | 2.5 falls | 0 falls",
    "Royal | Falls avoided | 0 falls | 7 falls | 0 falls",
  ], "Royal's Q1 3 and Q3 4; General's 2.5");
  assert.deepEqual(await rows("rollup-measures"), ["Falls avoided | 1 | 0 falls | 9.5 falls | 0 falls"], "the sites add up to the hub's");
  assert.deepEqual(await rows("register-table"), ["Falls avoided | Bed-exit sensors | Quantifiable, not monetised | Validated | — | Not named"]);
  await choose(app, "benefits-year", "2026/27");
  await eventually(app, async () => /In 2026\/27/.test(await app.findElement(By.id("rollup-heading")).getText()));
  assert.equal((await app.findElements(By.id("benefit-add"))).length, 0, "no forms for a reviewer");
  await screenshot(app, "benefits-place-reviewer");
});

test("the benefits places have no WCAG A or AA failures at 1366x768 and at 200 % zoom", async () => {
  await pagesPassAxe(app, [["#/benefits", "#register-table"], [`#/idea/${idea}`, "#benefits-heading"]], "1366x768");
  await zoomTo200(app);
  await pagesPassAxe(app, [["#/benefits", "#register-table"], [`#/idea/${idea}`, "#benefits-heading"]], "200 % zoom");
  await screenshot(app, "benefits-zoomed");
});
