// Partnerships in the real app, on three PCs sharing one folder hub: a lead records a
// partner and its contact, a data partnership with its five principles and an agreement expiring in 60
// days with a confidential royalty, through the window; a second lead's PC shows it under
// Due (and counts it in the header) and saves the agreement's confidential document; a ward
// PC's window shows the royalty and the document as confidential, without the amount or a
// way to open it. The existing agreements register comes in through the window's import,
// checked first. axe passes on the new places at 1366x768 and at 200 % zoom.
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  choose,
  clinicianDir,
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

const hub = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-partners-")), "hub");
const lead = leadDir("Priya Shah");
const second = leadDir("Lee Second");
const ward = clinicianDir("Nia Nurse", "Ward 7");
let driver;
let app;
let partnership;
const signed = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-dsa-")), "dsa-signed.txt");
writeFileSync(signed, "Royalty: 7.25 per cent of net sales, paid quarterly.\n");

const day = (offset) => new Date(Date.now() + offset * 86_400_000).toISOString().slice(0, 10);

function approve(person, role) {
  const requests = JSON.parse(cli(lead, "hub", "requests", "--json"));
  const found = requests.find((r) => r.person === person);
  cli(lead, "hub", "approve", found.actor, "--role", role);
}

/** Opens `dataDir` in the real app, unlocking its lead if it has one. */
async function open(dataDir, name) {
  await app?.quit().catch(() => {});
  await driver?.stop();
  driver = await startDriver({ SPROUT_DATA_DIR: dataDir, SPROUT_SYNC_INTERVAL_SECS: "1" });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  if (name) await unlock(app, name);
}




before(async () => {
  cli(lead, "hub", "init", hub, "--name", "North Trust hub", "--person", "Priya Shah");
  cli(second, "hub", "join", hub, "--person", "Lee Second", "--site", "Hub");
  approve("Lee Second", "lead");
  cli(ward, "hub", "join", hub, "--person", "Nia Nurse", "--site", "Ward 7");
  approve("Nia Nurse", "clinician");
  const idea = cli(lead, "idea", "add", "--title", "Bed-exit sensors", "--problem", "Night falls go unseen").trim();
  for (const dir of [lead, second, ward]) cli(dir, "sync");
  await open(lead, "Priya Shah");
  globalThis.ideaId = idea;
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

test("a lead records a partner, a data partnership, its principles, an agreement and a confidential term", async () => {
  await goTo(app, "#/partners", "#partnerships-none, #partnerships-table");
  await typeInto(app, "partner-name", "Acme Health Ltd");
  await choose(app, "partner-kind", "industry");
  await press(app, "add-partner");
  const option = await eventually(app, async () => (await app.findElements(By.css("#partnership-partner option[value]:not([value=''])")))[0] ?? false);
  // A contact whose phone is an NHS number is refused, said in the error summary.
  await choose(app, "contact-partner", await option.getAttribute("value"));
  await typeInto(app, "contact-name", "Ana Lee");
  await typeInto(app, "contact-phone", "943 476 5919");
  await press(app, "add-contact");
  const refused = await eventually(app, async () => (await app.findElements(By.css("#add-contact-errors")))[0] ?? false);
  assert.match(await refused.getText(), /Phone number must be a UK number/);
  await typeInto(app, "contact-phone", "0113 496 0000");
  await press(app, "add-contact");
  await eventually(app, async () => (await app.findElement(By.id("partners-list")).getText()).includes("Ana Lee"));
  await choose(app, "partnership-partner", await option.getAttribute("value"));
  await typeInto(app, "partnership-title", "Falls data for sensor tuning");
  await choose(app, "partnership-kind", "data");
  await press(app, "add-partnership");
  await eventually(app, async () => (await app.findElements(By.id("partnership-heading"))).length > 0);
  partnership = (await app.executeScript("return location.hash")).split("/").pop();
  assert.equal(await app.findElement(By.id("partnership-stage")).getText(), "Discovery");

  await openDetails(app, "Record evidence, approval");
  for (let n = 1; n <= 5; n++) {
    await choose(app, "principle-number", String(n));
    await typeInto(app, "principle-evidence", `Set out in the business case, section ${n}`);
    await press(app, "principle-save");
    await eventually(app, async () => (await app.findElement(By.id("partnership-principles")).getText()).includes(`section ${n}`));
  }

  await openDetails(app, "Record an agreement, a term or an obligation");
  await choose(app, "agreement-type", "dsa");
  await choose(app, "agreement-status", "active");
  await typeInto(app, "agreement-effective", day(-5));
  await typeInto(app, "agreement-expires", day(60));
  await typeInto(app, "agreement-model", "NHS model DSA v2");
  await choose(app, "agreement-unmodified", "yes");
  await typeInto(app, "agreement-ip-background", "Each keeps its own");
  await choose(app, "agreement-foreground", "joint");
  await choose(app, "agreement-publication", "yes");
  await press(app, "agreement-save");
  await eventually(app, async () => (await app.findElements(By.css("#agreements-table [data-agreement-id]"))).length === 1);
  const ip = await app.findElement(By.css("#agreements-table [data-agreement-ip]")).getText();
  assert.match(ip, /NHS model DSA v2, unmodified/);
  assert.match(ip, /Background IP: Each keeps its own/);
  assert.match(ip, /Foreground IP: Joint/);
  assert.match(ip, /Publication allowed/);

  await openDetails(app, "Record an agreement, a term or an obligation");
  const agreement = await app.findElement(By.css("#agreements-table [data-agreement-id]")).getAttribute("data-agreement-id");
  await choose(app, "term-agreement", agreement);
  await choose(app, "term-mechanism", "royalty");
  await typeInto(app, "term-amount", "12,345.67");
  await typeInto(app, "term-due", day(20));
  await choose(app, "term-responsible", "partner");
  await press(app, "term-save");
  const term = await eventually(app, async () => (await app.findElements(By.css("#terms-table [data-confidential='true']")))[0] ?? false);
  assert.match(await term.getText(), /£12,345\.67/);
  assert.match(await term.getText(), /Confidential/);
  // The signed agreement, attached as a confidential document: sealed on this PC.
  await openDetails(app, "Record an agreement, a term or an obligation");
  await choose(app, "document-agreement", agreement);
  await app.findElement(By.id("document-file")).sendKeys(signed);
  await press(app, "document-save");
  const unconfirmed = await eventually(app, async () => (await app.findElements(By.css("#document-errors")))[0] ?? false);
  assert.match(await unconfirmed.getText(), /Confirm the file holds no patient-identifiable data/);
  await press(app, "document-confirm");
  await press(app, "document-save");
  await eventually(app, async () => (await app.findElement(By.css("#agreements-table")).getText()).includes("dsa-signed.txt"));
  assert.match(await app.findElement(By.css("#agreements-table [data-document-id]")).getText(), /Confidential\s*Save to Downloads/);
  await screenshot(app, "partnership-lead");
  // The idea it serves, linked from the window.
  await openDetails(app, "Record evidence, approval");
  await typeInto(app, "details-link-idea", globalThis.ideaId);
  await press(app, "details-save");
  await eventually(app, async () => (await app.findElements(By.css(`a[href='#/idea/${globalThis.ideaId}']`))).length > 0);
  cli(lead, "sync");
});

test("the second lead's PC shows it under Due and counts it in the header", async () => {
  cli(second, "sync");
  await open(second, "Lee Second");
  const count = await eventually(app, async () => (await app.findElements(By.id("nav-partners-count")))[0] ?? false);
  assert.equal(await count.getText(), "(2 due)", "the agreement within its notice and the royalty within 30 days");
  await goTo(app, "#/partners", "#due-table");
  const due = await app.findElement(By.id("due-table")).getText();
  assert.match(due, /Data sharing agreement expires/);
  assert.match(due, /in 60 days/);
  assert.match(due, /Falls data for sensor tuning/);
  await screenshot(app, "partners-due");
  await goTo(app, `#/partnership/${partnership}`, "#terms-table");
  assert.match(await app.findElement(By.id("terms-table")).getText(), /£12,345\.67/, "sealed to every lead");
  // The confidential document opens here too: saved, and read back as it was written.
  const save = await app.findElement(By.css("#agreements-table [data-document-id] button"));
  await app.executeScript("arguments[0].scrollIntoView({ block: 'center' })", save);
  await save.click();
  const said = await eventually(app, async () => {
    const text = await app.findElement(By.id("documents-status")).getText();
    return /saved to /.test(text) && text;
  }, 30_000);
  const written = said.replace(/^dsa-signed\.txt saved to /, "").replace(/\.$/, "");
  assert.equal(readFileSync(written, "utf8"), readFileSync(signed, "utf8"));
});

test("the existing agreements register comes in through the window, checked first", async () => {
  const sheet = path.join(mkdtempSync(path.join(os.tmpdir(), "sprout-register-")), "register.csv");
  writeFileSync(
    sheet,
    "Partner,Partner kind,Partnership,Agreement type,Status,Signed from,Expires\r\n" +
      `University of Leeds,academic,Gait study,Collaboration,Active,2026-01-10,${day(300)}\r\n` +
      "Beta Ltd,industry,Sepsis alerts,CDA,Active,someday,\r\n",
  );
  await goTo(app, "#/partners", "#due-table");
  await app.findElement(By.id("register-file")).sendKeys(sheet);
  await openDetails(app, "Columns under other headers");
  await typeInto(app, "register-map-effective", "Signed from");
  await press(app, "register-check");
  const rows = await eventually(app, async () => (await app.findElements(By.css("#register-import-rows [data-outcome]"))).length === 2);
  assert.ok(rows);
  const report = await app.findElement(By.id("register-import-rows")).getText();
  assert.match(report, /What each row would do/);
  assert.match(report, /someday/, "the bad date is named");
  assert.equal((await app.findElements(By.css("#partnerships-table a"))).filter(Boolean).length, 1, "a check writes nothing");
  await screenshot(app, "partners-register-check");
  await press(app, "register-import");
  await eventually(app, async () => /What each row did/.test(await app.findElement(By.id("register-import-rows")).getText()));
  await eventually(app, async () => (await app.findElement(By.id("partnerships-table")).getText()).includes("Gait study"));
  assert.doesNotMatch(await app.findElement(By.id("partnerships-table")).getText(), /Sepsis alerts/);
});

test("the partners places have no WCAG A or AA failures at 1366x768 and at 200 % zoom", async () => {
  await pagesPassAxe(app, [["#/partners", "#due-table"], [`#/partnership/${partnership}`, "#terms-table"]], "1366x768");
  await zoomTo200(app);
  await pagesPassAxe(app, [["#/partners", "#due-table"], [`#/partnership/${partnership}`, "#terms-table"]], "200 % zoom");
  await screenshot(app, "partnership-zoomed");
});

test("a ward PC's window shows the royalty as confidential, without its amount", async () => {
  cli(ward, "sync");
  await open(ward);
  assert.equal((await app.findElements(By.id("nav-partners"))).length, 0, "Partners is a lead's place");
  await goTo(app, `#/idea/${globalThis.ideaId}`, "#idea-partnerships");
  await app.findElement(By.css("#idea-partnerships a")).click();
  const term = await eventually(app, async () => (await app.findElements(By.css("#terms-table [data-confidential='true']")))[0] ?? false);
  const shown = await term.getText();
  assert.match(shown, /Confidential/);
  assert.match(shown, /leads only/);
  assert.doesNotMatch(await app.findElement(By.css("main")).getText(), /12,345|12345/);
  assert.equal((await app.findElements(By.id("term-save"))).length, 0, "no forms for a clinician");
  const document = await app.findElement(By.css("#agreements-table [data-document-id]")).getText();
  assert.match(document, /dsa-signed\.txt .*Confidential\s*leads only/s);
  assert.equal((await app.findElements(By.css("#agreements-table [data-document-id] button"))).length, 0, "nothing to open it with");
  assert.doesNotMatch(await app.findElement(By.css("main")).getText(), /7\.25 per cent/);
  await app.executeScript("document.getElementById('agreements-table').scrollIntoView()");
  await screenshot(app, "partnership-ward");
});
