// Spreadsheets through the real app: a lead chooses a ward's CSV tracker, changes the
// suggested mapping, runs the dry run (which leaves out the row holding an NHS number,
// named by its column), imports, then exports the Ideas table filtered to Triage into
// Downloads; the CLI reads the export back as Sprout's own sheet. axe checks each step.
import assert from "node:assert/strict";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, writeFileSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { after, before, test } from "node:test";
import {
  By,
  accessibilityProblems,
  cli,
  eventually,
  goTo,
  launchApp,
  leadDir,
  screenshot,
  startDriver,
  typeInto,
  unlock,
} from "./harness.mjs";

const root = mkdtempSync(path.join(os.tmpdir(), "sprout-sheets-"));
const dataDir = leadDir("Priya Shah", "Hub");
const downloads = path.join(root, "Downloads");
const tracker = path.join(root, "ward 7 tracker.csv");
let tauriDriver;
let app;

before(async () => {
  cli(dataDir, "hub", "init", path.join(root, "hub"), "--name", "North Trust hub", "--person", "Priya Shah");
  const id = cli(dataDir, "idea", "add", "--title", "Hand gel at every bed", "--problem", "Dispensers are empty by noon").trim();
  cli(dataDir, "idea", "move", id, "--decision", "go", "--rationale", "Worth triage");
  cli(dataDir, "idea", "add", "--title", "Quieter night rounds", "--problem", "Patients are woken at 2am");
  writeFileSync(
    tracker,
    [
      "Ref,Idea,Notes,Ward,Status",
      "W7-1,Bedside whiteboards,Families cannot see the plan for the day,Ward 7,Triage",
      "W7-2,Faster discharge letters,Patient 943 476 5919 waited two days for a letter,Ward 7,",
      "W7-3,Porter requests by app,The porter line is always busy,Ward 7,Submitted",
    ].join("\r\n"),
  );
  // The desktop's own Downloads folder, as XDG user-dirs names it.
  mkdirSync(downloads);
  mkdirSync(path.join(root, "config"));
  writeFileSync(path.join(root, "config", "user-dirs.dirs"), `XDG_DOWNLOAD_DIR="${downloads}"\n`);
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir, XDG_CONFIG_HOME: path.join(root, "config") });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  await unlock(app, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

async function pick(id, value) {
  await app.findElement(By.css(`#${id} option[value="${value}"]`)).click();
  await eventually(app, async () => (await app.findElement(By.id(id)).getProperty("value")) === value);
}

const text = async (id) => (await app.findElement(By.id(id))).getText();

test("a lead imports a tracker after a dry run with a changed mapping, and nothing of the NHS number is kept", async () => {
  await eventually(app, async () => (await app.findElements(By.id("nav-sheets"))).length > 0, 15_000);
  await app.findElement(By.id("nav-sheets")).click();
  await eventually(app, async () => (await app.findElements(By.id("import-file"))).length > 0);
  assert.deepEqual(await accessibilityProblems(app), []);

  await app.findElement(By.id("import-file")).sendKeys(tracker);
  await app.findElement(By.id("import-read")).click();
  await eventually(app, async () => (await app.findElements(By.id("import-mapping"))).length > 0);
  // Sprout suggested Ref as the ID, Ward and Status; the idea and its notes need a person.
  assert.equal(await app.findElement(By.css("#map-0")).getAttribute("value"), "source_id");
  assert.equal(await app.findElement(By.css("#map-3")).getAttribute("value"), "department");
  await pick("map-1", "title");
  await pick("map-2", "problem");
  assert.equal(await app.findElement(By.id("import-mapping-name")).getAttribute("value"), "ward 7 tracker");
  await typeInto(app, "import-mapping-name", "Ward 7 tracker");
  assert.equal((await app.findElements(By.id("import-run"))).length, 0, "no import before a dry run");
  await app.findElement(By.id("import-check")).click();
  await eventually(app, async () => (await app.findElement(By.id("import-report")).getAttribute("data-dry-run")) === "true");
  assert.equal(await text("import-created"), "2 ideas would be created");
  const skipped = await text("import-skipped-rows");
  assert.match(skipped, /3\s*Notes\s*patient details found in the Notes column/);
  assert.doesNotMatch(skipped, /943/);
  assert.deepEqual(await accessibilityProblems(app), []);
  await screenshot(app, "sheets-dry-run");

  await app.findElement(By.id("import-run")).click();
  await eventually(app, async () => /Import finished: 2 ideas created, 0 updated, 0 unchanged, 1 skipped/.test(await text("banner-region")), 20_000);
  const ideas = JSON.parse(cli(dataDir, "idea", "list", "--json"));
  const whiteboards = ideas.find((i) => i.title === "Bedside whiteboards");
  assert.equal(whiteboards.stage, "triage");
  assert.equal(whiteboards.department, "Ward 7");
  assert.equal(ideas.length, 4);
  assert.ok(!JSON.stringify(ideas).includes("943"));
  // The mapping was saved under its name for next time.
  const again = JSON.parse(cli(dataDir, "import", tracker, "--mapping", "Ward 7 tracker", "--dry-run", "--json"));
  assert.equal(again.unchanged, 2, "the same sheet again changes nothing");
});

test("the Ideas table filtered to Triage exports to Downloads as a sheet Sprout reads back", async () => {
  await goTo(app, "#/ideas", "#ideas-table");
  await eventually(app, async () => (await app.findElements(By.css('[data-stage-count="triage"]'))).length > 0);
  await app.findElement(By.css('[data-stage-count="triage"]')).click();
  await eventually(app, async () => (await app.findElements(By.css("#ideas-table tbody tr"))).length === 2);
  await app.findElement(By.id("table-export")).click();
  await eventually(app, async () => /2 ideas saved to /.test(await text("table-export-status")), 20_000);
  const [file] = readdirSync(downloads);
  assert.match(file, /^Sprout ideas \d{4}-\d{2}-\d{2}\.xlsx$/);
  const exported = path.join(downloads, file);
  assert.ok(existsSync(exported));
  const back = JSON.parse(cli(dataDir, "import", exported, "--dry-run", "--json"));
  assert.equal(back.rows, 2);
  assert.equal(back.unchanged, 2, "the export is read back as the same two ideas");
  assert.deepEqual(await accessibilityProblems(app), []);
  await screenshot(app, "sheets-export");
});
