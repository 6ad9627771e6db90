// The first slice end to end: type ideas into the real app, restart it, search, edit,
// see validation errors next to the field, and an unreachable update server that changes nothing.
import assert from "node:assert/strict";
import { execFileSync } from "node:child_process";
import { after, before, test } from "node:test";
import {
  By,
  Key,
  cli,
  eventually,
  goTo,
  goToShare,
  ideaTitles,
  launchApp,
  leadDir,
  openIdea,
  screenshot,
  startDriver,
  tap,
  typeInto,
  unlock,
  until,
  waitForTitles,
} from "./harness.mjs";

// Sam leads innovation on this PC: gates, the board and merging are theirs.
const dataDir = leadDir("Sam Ward", "Ward 7");
let tauriDriver;
let app;

const FALLS = "Night-time falls on ward 7";
const HOSTILE = `<img src=x onerror="alert(1)"> & <script>alert(2)</script>`;

before(async () => {
  tauriDriver = await startDriver({
    SPROUT_DATA_DIR: dataDir,
    // Port 9 (discard) is closed here: the update check must fail quietly.
    SPROUT_UPDATE_ENDPOINT: "http://127.0.0.1:9/sprout/latest.json",
  });
  app = await startAsSam();
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

/** Starts the app and unlocks Sam's roles, as Sam does each time Sprout starts. */
async function startAsSam() {
  const started = await launchApp();
  await unlock(started, "Sam Ward");
  return started;
}

async function saveIdea(title, problem, solution) {
  await goToShare(app);
  await typeInto(app, "idea-title", title);
  await typeInto(app, "idea-problem", problem);
  if (solution) await typeInto(app, "idea-solution", solution);
  await app.findElement(By.id("save-idea")).click();
}

test("the window is Sprout, starts at Share an idea, and has no ideas yet", async () => {
  assert.equal(await app.getTitle(), "Sprout");
  assert.equal(await app.findElement(By.id("idea-form-heading")).getText(), "New idea");
  await goTo(app, "#/ideas");
  const empty = await app.wait(until.elementLocated(By.id("ideas-table-empty")), 10_000);
  assert.match(await empty.getText(), /No ideas yet/);
  await goToShare(app);
});

test("an empty title gets a clear message next to the title field, and nothing is saved", async () => {
  await typeInto(app, "idea-problem", "Something without a title");
  await app.findElement(By.id("save-idea")).click();
  const error = await app.wait(until.elementLocated(By.id("idea-title-error")), 10_000);
  assert.match(await error.getText(), /Enter a title/);
  const title = await app.findElement(By.id("idea-title"));
  assert.match(await title.getAttribute("aria-describedby"), /idea-title-error/);
  assert.deepEqual(JSON.parse(cli(dataDir, "idea", "list", "--json")), []);
});

test("patient details are marked where they were typed, and nothing is saved", async () => {
  await saveIdea("Falls on bay 3", "Mr B, NHS 943 476 5919, fell twice; lives at LS6 2AB.");
  const error = await app.wait(until.elementLocated(By.id("idea-problem-error")), 10_000);
  assert.match(await error.getText(), /Remove the patient details highlighted below \(an NHS number and a postcode\)/);
  const marks = await app.findElements(By.css("#idea-problem-pid mark"));
  assert.deepEqual(await Promise.all(marks.map((m) => m.getText())), ["943 476 5919", "LS6 2AB"]);
  await screenshot(app, "patient-data");
  assert.deepEqual(JSON.parse(cli(dataDir, "idea", "list", "--json")), [], "nothing was written");
  await typeInto(app, "idea-title", "");
});

test("details typed carelessly are marked too: full-width digits, odd separators, spelt-out dates", async () => {
  await saveIdea("Falls on bay 3", "NHS ９４３.４７６.５９１９, d.o.b. 12.03.87, ring +44(0)7700900123, email jane.smith [at] nhs.net");
  await app.wait(until.elementLocated(By.css("#idea-problem-pid mark")), 10_000);
  const marks = await app.findElements(By.css("#idea-problem-pid mark"));
  assert.deepEqual(await Promise.all(marks.map((m) => m.getText())), [
    "９４３.４７６.５９１９",
    "12.03.87",
    "+44(0)7700900123",
    "jane.smith [at] nhs.net",
  ]);
  assert.deepEqual(JSON.parse(cli(dataDir, "idea", "list", "--json")), [], "nothing was written");
  await typeInto(app, "idea-title", "");
});

test("a typed idea appears in the list at once", async () => {
  await saveIdea(FALLS, "Patients fall at night when the bay is unobserved.", "Bed-exit sensors linked to the nurse call system.");
  const status = await app.findElement(By.id("idea-form-status"));
  await eventually(app, async () => /saved/.test(await status.getText()), 10_000);
  assert.equal(await app.findElement(By.id("idea-title")).getAttribute("value"), "", "form is cleared for the next idea");
  await waitForTitles(app, [FALLS]);
});

test("HTML and script typed into an idea show as text", async () => {
  await saveIdea(HOSTILE, "Markup must never run.");
  await waitForTitles(app, [HOSTILE, FALLS]);
  assert.equal((await app.findElements(By.css("#ideas-table img"))).length, 0);
  assert.equal((await app.findElements(By.css("#ideas-table script"))).length, 0);
  await openIdea(app, HOSTILE);
  assert.equal((await app.findElements(By.css("#idea-page img, #idea-page script"))).length, 0);
});

test("a third idea, so search has something to rank", async () => {
  await saveIdea("Hand gel at every bedside", "Dispensers at the bay entrance are empty by noon.");
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, FALLS]);
});

test("the ideas are still there after a restart, and the CLI sees the same data", async () => {
  await app.quit();
  app = await startAsSam();
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, FALLS]);
  const listed = JSON.parse(cli(dataDir, "idea", "list", "--json"));
  assert.deepEqual(listed.map((i) => i.title), ["Hand gel at every bedside", HOSTILE, FALLS]);
  assert.equal(listed[2].author, "Sam Ward");
});

test("the search box finds an idea by words in its problem", async () => {
  await goTo(app, "#/ideas", "#table-search");
  const caption = () => app.findElement(By.id("ideas-table-caption")).getText();
  await typeInto(app, "table-search", "unobserved bay");
  await waitForTitles(app, [FALLS]);
  assert.match(await caption(), /^1 idea, page 1 of 1$/);

  await typeInto(app, "table-search", `"(falls* -ward:`);
  await waitForTitles(app, [FALLS]);

  await typeInto(app, "table-search", "zebra");
  await eventually(app, async () => /No ideas match “zebra”/.test(await app.findElement(By.id("ideas-table-empty")).getText()), 10_000);

  await typeInto(app, "table-search", "");
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, FALLS]);
});

test("an idea is edited from its page, and the table follows", async () => {
  await openIdea(app, FALLS);
  await app.findElement(By.id("edit-idea")).click();
  await app.wait(until.elementTextIs(app.findElement(By.id("idea-form-heading")), "Edit idea"), 10_000);
  assert.equal(await app.findElement(By.id("idea-title")).getAttribute("value"), FALLS);
  // Editing has its own address: a reload keeps the edit, and what was typed in it.
  const address = await app.executeScript("return location.hash");
  assert.match(address, /^#\/idea\/[0-9a-f-]{36}\/edit$/);
  await typeInto(app, "idea-title", `${FALLS} (bays 1–4)`);
  await app.executeScript("window.__sproutOldPage = true; location.reload()");
  await eventually(app, () => app.executeScript("return window.__sproutOldPage === undefined"), 20_000);
  await eventually(app, async () => (await app.findElement(By.id("idea-form-heading")).getText()) === "Edit idea", 15_000);
  assert.equal(await app.executeScript("return location.hash"), address);
  await eventually(app, async () => (await app.findElement(By.id("idea-title")).getAttribute("value")) === `${FALLS} (bays 1–4)`, 10_000);
  await app.findElement(By.id("save-idea")).click();
  // Saving an edit returns to the idea's page, with a banner saying it was saved.
  await eventually(app, async () => (await app.findElement(By.id("idea-heading")).getText()) === `${FALLS} (bays 1–4)`, 10_000);
  assert.match(await app.findElement(By.id("banner")).getText(), /Your changes to .* are saved/);
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`]);
  await goToShare(app);
  assert.equal(await app.findElement(By.id("idea-form-heading")).getText(), "New idea");
});

test("an unreachable update server is reported quietly, with no dialog", async () => {
  const status = await app.findElement(By.id("update-status"));
  await eventually(app, async () => (await status.getAttribute("data-state")) === "failed", 40_000);
  assert.match(await status.getText(), /Could not check for updates/);
  await assert.rejects(app.switchTo().alert(), /alert/i);
});

test("who it affects, where and category tags are kept with a new idea", async () => {
  await goToShare(app);
  await typeInto(app, "idea-title", "Quiet hours on the ward");
  await typeInto(app, "idea-problem", "Noise at night keeps people awake.");
  await app.findElement(By.id("affects-patients")).click();
  await app.findElement(By.id("affects-staff")).click();
  await typeInto(app, "idea-site", "St Elsewhere");
  await typeInto(app, "idea-department", "Ward 7");
  await typeInto(app, "idea-tag", "Sleep, night shift");
  await app.findElement(By.id("save-idea")).click();
  await waitForTitles(app, ["Quiet hours on the ward", "Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`]);
  const [saved] = JSON.parse(cli(dataDir, "idea", "list", "--json"));
  assert.deepEqual(saved.affects, ["patients", "staff"]);
  assert.equal(saved.department, "Ward 7");
  assert.deepEqual(saved.tags, ["night shift", "sleep"]);
  await goToShare(app);
  assert.equal(await app.findElement(By.id("idea-department")).getAttribute("value"), "Ward 7", "the ward is kept for the next idea");
});

test("a lead sees the gate's criteria before deciding, decides, and sees the banner", async () => {
  const page = await openIdea(app, "Quiet hours on the ward");
  const gate = await page.findElement(By.css(".app-gate"));
  await gate.findElement(By.css("label[for$='-go']")).click();
  // Before anything is pressed: what this move is held to, met or not.
  const criteria = await eventually(app, async () => (await gate.findElements(By.css(".app-criteria li")))[0] ? gate.findElements(By.css(".app-criteria li")) : false, 10_000);
  assert.ok(criteria.length >= 2);
  for (const c of criteria) assert.equal(await c.getAttribute("data-met"), "true");
  // Saving without a reason lists the problem at the top of the form, linked to the field.
  await gate.findElement(By.css("button[type=submit]")).click();
  const summary = await app.wait(until.elementLocated(By.css(".app-gate .nhsuk-error-summary")), 10_000);
  assert.match(await summary.getText(), /There is a problem[\s\S]*Say why/);
  await gate.findElement(By.css("textarea")).sendKeys("Seen on three wards; worth triage");
  await gate.findElement(By.css("button[type=submit]")).click();
  await eventually(app, async () => (await app.findElement(By.css("#idea-page [data-stage]")).getText()) === "Triage", 10_000);
  // A banner says where it went, read out as it appears.
  const banner = await app.findElement(By.css("#banner-region #banner"));
  assert.match(await banner.getText(), /“Quiet hours on the ward” is now at Triage\. Sam Ward will read why under My ideas\./);
  assert.match(await app.findElement(By.id("idea-decision")).getText(), /^Go, .*: Seen on three wards; worth triage$/);
  await screenshot(app, "gate-decided");
  await app.findElement(By.css("details.app-history summary")).click();
  // The history is read from the op log when opened, in plain words.
  await eventually(app, async () => {
    const history = await app.findElements(By.css(".app-timeline"));
    return history.length > 0 && /submitted the idea[\s\S]*moved it on, from Submitted to Triage/.test(await history[0].getText());
  }, 10_000);
  assert.equal(JSON.parse(cli(dataDir, "idea", "list", "--stage", "triage", "--json")).length, 1);
});

test("the table narrows to my ideas and to one stage", async () => {
  const all = ["Quiet hours on the ward", "Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`];
  await waitForTitles(app, all);
  await app.findElement(By.css("label[for='table-mine']")).click();
  await waitForTitles(app, all);
  await app.findElement(By.css("[data-stage-count='triage']")).click();
  await waitForTitles(app, ["Quiet hours on the ward"]);
  await app.findElement(By.id("stage-all")).click();
  await waitForTitles(app, all);
  await app.findElement(By.css("label[for='table-mine']")).click();
});

test("what was being typed survives the app being killed", async () => {
  await goToShare(app);
  await typeInto(app, "idea-title", "Typed before the power cut");
  await typeInto(app, "idea-problem", "Half a thought about night-time obs");
  const status = await app.findElement(By.id("draft-status"));
  await eventually(app, async () => /Draft kept at/.test(await status.getText()), 15_000);
  // As hard as a power cut: no chance to save anything on the way out.
  execFileSync("pkill", ["-KILL", "-f", "target/debug/sprout-desktop"]);
  await app.quit().catch(() => {});
  app = await launchApp();
  const title = await app.findElement(By.id("idea-title"));
  await eventually(app, async () => (await title.getAttribute("value")) === "Typed before the power cut", 10_000);
  assert.equal(await app.findElement(By.id("idea-problem")).getAttribute("value"), "Half a thought about night-time obs");
  assert.match(await app.findElement(By.id("draft-status")).getText(), /We kept what you were typing/);
  await typeInto(app, "idea-title", "");
  await typeInto(app, "idea-problem", "");
  // Sam unlocks again for the lead's work that follows; the emptied form goes with them.
  await unlock(app, "Sam Ward");
});

test("a look-alike idea is offered while typing, and supported instead of repeated", async () => {
  await goToShare(app);
  await typeInto(app, "idea-title", "Unwitnessed falls at night");
  await typeInto(app, "idea-problem", "People fall in the bays overnight");
  const panel = await app.wait(until.elementLocated(By.id("similar-ideas")), 10_000);
  await eventually(app, async () => (await panel.getText()).includes(FALLS), 10_000);
  await screenshot(app, "similar-ideas");
  await panel.findElement(By.css("button")).click();
  const status = await app.findElement(By.id("idea-form-status"));
  await eventually(app, async () => /your support was added/.test(await status.getText()), 10_000);
  const falls = JSON.parse(cli(dataDir, "idea", "list", "--json")).find((i) => i.title.startsWith(FALLS));
  assert.equal(falls.supporters, 1);
  assert.equal(JSON.parse(cli(dataDir, "idea", "list", "--json")).length, 4, "no duplicate was submitted");
});

test("an idea is scored against the rubric on its page", async () => {
  const card = await openIdea(app, "Quiet hours on the ward");
  await tap(app, await card.findElement(By.css("details.app-scores summary")));
  const need = await eventually(app, async () => {
    const found = await card.findElements(By.css("label[for$='-need-4']"));
    return found[0] ?? false;
  }, 10_000);
  await tap(app, need);
  await tap(app, await card.findElement(By.css("label[for$='-impact-5']")));
  await tap(app, await card.findElement(By.css("label[for$='-evidence-unable']")));
  await tap(app, await card.findElement(By.xpath(".//button[contains(., 'Save my scores')]")));
  await eventually(app, async () => {
    const total = await card.findElements(By.css(".app-total"));
    return total.length > 0 && /87\.5 \/ 100/.test(await total[0].getText());
  }, 10_000);
  await screenshot(app, "scored");
});

test("a gate's unmet criterion is shown before pressing, and its link leads to the answer", async () => {
  const [quiet] = JSON.parse(cli(dataDir, "idea", "list", "--json")).filter((i) => i.title === "Quiet hours on the ward");
  cli(dataDir, "idea", "move", quiet.id, "--decision", "go", "--rationale", "Shape it");
  cli(dataDir, "idea", "move", quiet.id, "--decision", "go", "--rationale", "Evaluate it");
  const page = await openIdea(app, "Quiet hours on the ward");
  await eventually(app, async () => (await page.findElement(By.css("[data-stage]")).getText()) === "Evaluate", 10_000);

  const gate = await page.findElement(By.css(".app-gate"));
  await gate.findElement(By.css("label[for$='-go']")).click();
  const unmet = await eventually(app, async () => (await gate.findElements(By.css(".app-criteria li[data-met=false]")))[0] ?? false, 10_000);
  assert.match(await unmet.getText(), /Not met: A clinical sponsor is named/);
  await screenshot(app, "gate-criteria");
  await unmet.findElement(By.css("button")).click();
  // "Answer it" opens the framework answers at the very field.
  const sponsor = await eventually(app, async () => {
    const active = await app.switchTo().activeElement();
    return (await active.getAttribute("id")).endsWith("-clinical_sponsor") ? active : false;
  }, 10_000);
  await sponsor.sendKeys("Dr A Khan");
  const framework = await page.findElement(By.css("details.app-framework"));
  await framework.findElement(By.xpath(".//button[contains(., 'Save answers')]")).click();
  await eventually(app, async () => /Answers saved/.test(await framework.findElement(By.css("[role=status]")).getText()), 10_000);
  // The gate reads the answers: the criterion turns to met with nothing else pressed.
  await eventually(app, async () => {
    const sponsorCriterion = await gate.findElement(By.xpath(".//ul[contains(@class,'app-criteria')]/li[contains(., 'clinical sponsor')]"));
    return (await sponsorCriterion.getAttribute("data-met")) === "true";
  }, 10_000);

  await gate.findElement(By.css("textarea")).sendKeys("Plan the POC");
  await gate.findElement(By.css("button[type=submit]")).click();
  await eventually(app, async () => (await app.findElement(By.css("#idea-page [data-stage]")).getText()) === "POC planning", 10_000);
});

test("the board shows the main line at 1366 px, and arrow keys walk its cards", async () => {
  await app.manage().window().setRect({ width: 1366, height: 768 });
  await goTo(app, "#/board", "#idea-board");
  const column = (stage) => app.findElement(By.css(`[data-stage-column='${stage}']`));
  await eventually(app, async () => /Quiet hours/.test(await (await column("poc_planning")).getText()), 10_000);
  assert.equal((await app.findElements(By.css("#idea-board > [data-stage-column]"))).length, 8);
  // Every main-line column is on screen: none starts past the window's right edge.
  for (const el of await app.findElements(By.css("#idea-board > [data-stage-column]"))) {
    const { x, width } = await el.getRect();
    assert.ok(x + width <= 1366, `a column ends at ${x + width}px`);
  }
  await screenshot(app, "board");
  const first = await (await column("submitted")).findElement(By.css(".app-board__card"));
  await first.sendKeys(Key.ARROW_RIGHT);
  // Triage to Evaluate are empty: the next column along with cards is POC planning.
  await eventually(app, async () => /Quiet hours/.test(await (await app.switchTo().activeElement()).getText()), 10_000);
  const focused = await app.switchTo().activeElement();
  await focused.sendKeys(Key.ENTER);
  await eventually(app, async () => (await app.findElements(By.id("idea-heading"))).length === 1, 10_000);
});

test("a lead merges a duplicate after finding it and confirming, and undoes it", async () => {
  const before = (await ideaTitles(app)).length;
  const page = await openIdea(app, "Hand gel at every bedside");
  const merge = await page.findElement(By.css(".app-merge"));
  await merge.findElement(By.css("input[type=search]")).sendKeys("falls");
  const keep = await eventually(app, async () => (await merge.findElements(By.css("input[type=radio]")))[0] ?? false, 10_000);
  // Each choice shows where it came from, not the title alone.
  assert.match(await merge.findElement(By.css(".nhsuk-radios__label")).getText(), /Sam Ward/);
  await tap(app, await merge.findElement(By.css(".nhsuk-radios__label")));
  assert.ok(await keep.isSelected());
  await tap(app, await merge.findElement(By.xpath(".//button[contains(., 'Merge into the chosen idea')]")));
  const confirm = await app.wait(until.elementLocated(By.id("merge-confirm")), 10_000);
  assert.match(await confirm.getText(), /Merge “Hand gel at every bedside” into “Night-time falls/);
  await tap(app, await app.findElement(By.id("merge-confirm-yes")));
  await eventually(app, async () => /Merged as a duplicate into/.test(await app.findElement(By.css(".app-merge")).getText()), 10_000);

  // The kept idea lists what was merged into it, with undo.
  await tap(app, await app.findElement(By.xpath("//section[contains(@class,'app-merge')]//a[contains(., 'Night-time falls')]")));
  const list = await app.wait(until.elementLocated(By.id("merged-into-this")), 10_000);
  assert.match(await list.getText(), /Hand gel at every bedside/);
  assert.equal((await ideaTitles(app)).length, before - 1);
  await openIdea(app, `${FALLS} (bays 1–4)`);
  await tap(app, await app.findElement(By.xpath("//ul[@id='merged-into-this']//button[contains(., 'Undo')]")));
  await eventually(app, async () => (await app.findElements(By.id("merged-into-this"))).length === 0, 10_000);
  await eventually(app, async () => (await ideaTitles(app)).length === before, 10_000);
});
