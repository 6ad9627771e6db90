// A POC from plan to spread, on two instances of the real app sharing one folder hub: the
// lead plans it and is refused POC running until the baseline is in; the project lead, a
// clinician on the ward PC, records an actual and a milestone; the lead takes the go at
// POC review with its evidence, and a second site marks the idea live with its DCB0160
// sign-off. axe checks the POC section and the POCs place.
import assert from "node:assert/strict";
import { mkdtempSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  accessibilityProblems,
  cli,
  eventually,
  goTo,
  launchTwoApps,
  leadDir,
  openIdea,
  screenshot,
  tap,
  tempDataDir,
  typeInto,
  unlock,
} from "./harness.mjs";

const TITLE = "Bed-exit sensors for night falls";
const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-poc-")), "hub");
const leadData = leadDir("Priya Shah", "Hub");
const wardData = tempDataDir();
let apps;
let lead;
let ward;

before(async () => {
  cli(leadData, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(wardData, "hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7");
  const [request] = JSON.parse(cli(leadData, "hub", "requests", "--json"));
  cli(leadData, "hub", "approve", request.actor, "--role", "clinician");
  const id = cli(leadData, "idea", "add", "--title", TITLE, "--problem", "Patients fall at night when the bay is unobserved").trim();
  for (const why of ["Triage it", "Shape it", "Evaluate it"]) cli(leadData, "idea", "move", id, "--decision", "go", "--rationale", why);
  cli(leadData, "idea", "framework", id, "--clinical-sponsor", "Dr A Khan", "--dpia-screening", "No personal data", "--patient-facing", "no");
  cli(leadData, "idea", "move", id, "--decision", "go", "--rationale", "Plan the pilot");
  cli(leadData, "sync");

  apps = await launchTwoApps(leadData, wardData);
  [lead, ward] = apps.apps;
  for (const app of apps.apps) await app.manage().window().setRect({ width: 1366, height: 768 });
  await unlock(lead, "Priya Shah");
});

after(async () => {
  await apps?.stop();
});

/** Opens one of the POC section's forms, fills it as a person would and saves it. Values
 *  are text to type, `{ option }` to pick by its visible words, or a list of checkboxes. */
async function fillPocForm(app, id, values, said) {
  const save = await app.findElement(By.id(`${id}-save`));
  const details = await save.findElement(By.xpath("ancestor::details"));
  if ((await details.getAttribute("open")) === null) await tap(app, await details.findElement(By.css("summary")));
  for (const [key, value] of Object.entries(values)) {
    if (Array.isArray(value)) {
      for (const box of value) await tap(app, await app.findElement(By.id(`${id}-${key}-${box}`)));
    } else if (typeof value === "object") {
      const select = await app.findElement(By.id(`${id}-${key}`));
      await tap(app, await select.findElement(By.xpath(`./option[normalize-space(.)='${value.option}']`)));
    } else {
      await typeInto(app, `${id}-${key}`, value);
    }
  }
  await tap(app, save);
  await eventually(app, async () => (await app.findElement(By.id(`${id}-done`)).getText()) === said, 15_000);
}

async function decideGo(app, reason) {
  const gate = await app.findElement(By.css(".app-gate"));
  await tap(app, await gate.findElement(By.css("label[for$='-go']")));
  const box = await gate.findElement(By.css("textarea"));
  await box.sendKeys(reason);
  await tap(app, await gate.findElement(By.css("button[type=submit]")));
}

test("the lead plans the POC and is refused POC running until every metric has a baseline", async () => {
  await openIdea(lead, TITLE);
  await eventually(lead, async () => (await lead.findElements(By.id("poc-plan-save"))).length === 1, 15_000);
  await fillPocForm(lead, "poc-plan", { aim: "Halve night-time falls on ward 7", project_lead: { option: "Nia Nurse, Ward 7" } }, "Plan saved.");
  await fillPocForm(lead, "poc-hypothesis", { statement: "Bed-exit sensors cut falls at night", measure: "Falls per month" }, "Hypothesis added.");
  await fillPocForm(
    lead,
    "poc-metric",
    { name: "Falls", unit: "falls", direction: { option: "Lower is better" }, target: "2", target_date: "2027-03-31" },
    "Metric saved.",
  );
  assert.match(await lead.findElement(By.id("poc-plan-summary")).getText(), /Nia Nurse/);

  // The gate says what is missing before anything is pressed, and refuses if pressed.
  await decideGo(lead, "Ready to run");
  const criteria = await lead.findElement(By.css(".app-criteria")).getText();
  assert.match(criteria, /Not met: Every metric has a baseline and a target/);
  await eventually(lead, async () => /give every metric a baseline and a target/.test(await lead.findElement(By.css(".app-gate")).getText()), 15_000);

  await fillPocForm(lead, "poc-metric", { name: "Falls", baseline: "5", baseline_date: "2026-10-31", baseline_source: "Datix" }, "Metric saved.");
  await eventually(lead, async () => /all met/.test(await lead.findElement(By.css(".app-gate")).getText()), 15_000);
  await tap(lead, await lead.findElement(By.css(".app-gate button[type=submit]")));
  await eventually(lead, async () => /is now at POC running/.test(await lead.findElement(By.id("banner")).getText()), 15_000);
});

test("the project lead on the ward PC records an actual and a milestone", async () => {
  await eventually(ward, async () => {
    await openIdea(ward, TITLE);
    return (await ward.findElements(By.id("poc-actual-save"))).length === 1;
  }, 30_000);
  assert.equal((await ward.findElements(By.id("poc-plan-save"))).length, 0, "a clinician does not plan");
  await fillPocForm(ward, "poc-actual", { metric: { option: "Falls" }, value: "1.5", date: "2026-12-20" }, "Actual recorded.");
  await fillPocForm(ward, "poc-milestone", { title: "Sensors fitted on ward 7", due: "2026-12-01" }, "Milestone added.");
  // Evidence: a file chosen as a person would, confirmed free of patient data.
  const evidence = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-evidence-")), "falls-december.csv");
  writeFileSync(evidence, "month,falls\n2026-12,1\n");
  await (await ward.findElement(By.id("poc-file-input"))).sendKeys(evidence);
  await tap(ward, await ward.findElement(By.id("poc-file-confirm")));
  await tap(ward, await ward.findElement(By.id("poc-file-save")));
  await eventually(ward, async () => (await ward.findElement(By.id("poc-files-status")).getText()) === "falls-december.csv attached.", 15_000);
  const table = await ward.findElement(By.css(".app-metric__table"));
  assert.match(await table.getText(), /Actual, by Nia Nurse\s*2026-12-20\s*1\.5 falls/);
  await ward.executeScript("document.getElementById('poc-' + document.getElementById('idea-page').dataset.ideaId).scrollIntoView()");
  await screenshot(ward, "poc-section-ward");
  assert.deepEqual(await accessibilityProblems(ward), [], "the POC section passes axe");
});

test("the lead sees the actual arrive, takes the go at POC review with its evidence", async () => {
  await eventually(lead, async () => /Actual, by Nia Nurse/.test(await lead.findElement(By.css(".app-metric__table")).getText()), 30_000);
  await eventually(lead, async () => /Sensors fitted on ward 7/.test(await lead.findElement(By.id("poc-milestones")).getText()), 30_000);
  await eventually(lead, async () => /falls-december\.csv \(\d+ bytes\)/.test(await lead.findElement(By.id("poc-files")).getText()), 30_000);
  await decideGo(lead, "Running well");
  await eventually(lead, async () => /is now at POC review/.test(await lead.findElement(By.id("banner")).getText()), 15_000);
  // Adoption waits for a validated benefit: the POC's metric, promoted and validated (the
  // benefits test does this through the window).
  const id = await lead.executeScript("return document.getElementById('idea-page').dataset.ideaId");
  const benefit = cli(leadData, "benefit", "promote", id, "Falls", "--class", "quantifiable").trim();
  for (const [to, why] of [["estimated", "From the POC"], ["validated", "Checked at the review"]]) {
    cli(leadData, "benefit", "state", benefit, to, "--rationale", why);
  }
  await lead.executeScript("location.reload()");
  await eventually(lead, async () => (await lead.findElements(By.css(".app-gate"))).length > 0, 15_000);
  await decideGo(lead, "Falls halved: adopt it");
  await eventually(lead, async () => /is now at Adopt & spread/.test(await lead.findElement(By.id("banner")).getText()), 15_000);
  const decision = await lead.findElement(By.id("idea-decision")).getText();
  assert.match(decision, /Falls halved: adopt it/);
  assert.match(decision, /Falls \(lower is better\): baseline 5 falls on 2026-10-31, target 2 falls by 2027-03-31, latest 1.5 falls on 2026-12-20: target met/);
});

test("a second site marks it live with its clinical safety sign-off", async () => {
  await fillPocForm(lead, "poc-spread", { site: "Royal Infirmary", status: { option: "Live" }, assured: ["dcb0160"] }, "Site saved.");
  await eventually(lead, async () => (await lead.findElement(By.id("spread-heading")).getText()) === "Spread: live at 1 site", 15_000);
  const row = await lead.findElement(By.css("[data-site='Royal Infirmary']"));
  assert.match(await row.getText(), /Live\s*Cleared/);
  await screenshot(lead, "poc-section-lead");
  assert.deepEqual(await accessibilityProblems(lead), [], "the POC section with spread passes axe");
});

test("the POCs place lists it with its numbers", async () => {
  await goTo(lead, "#/pocs", "#pocs-table");
  const row = await lead.findElement(By.css("#pocs-table tbody tr"));
  const text = await row.getText();
  assert.match(text, new RegExp(TITLE));
  assert.match(text, /Adopt & spread/);
  assert.match(text, /1 of 1/);
  assert.match(text, /1 site/);
  await screenshot(lead, "pocs-place");
  assert.deepEqual(await accessibilityProblems(lead), [], "the POCs place passes axe");
});
