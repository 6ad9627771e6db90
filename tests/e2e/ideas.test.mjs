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
  ideaTitles,
  launchApp,
  leadDir,
  screenshot,
  startDriver,
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
  await typeInto(app, "idea-title", title);
  await typeInto(app, "idea-problem", problem);
  if (solution) await typeInto(app, "idea-solution", solution);
  await app.findElement(By.id("save-idea")).click();
}

test("the window is Sprout and starts empty", async () => {
  assert.equal(await app.getTitle(), "Sprout");
  const empty = await app.wait(until.elementLocated(By.id("idea-list-empty")), 10_000);
  assert.match(await empty.getText(), /No ideas yet/);
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
  await waitForTitles(app, [FALLS]);
  const status = await app.findElement(By.id("idea-form-status")).getText();
  assert.match(status, /saved/);
  assert.equal(await app.findElement(By.id("idea-title")).getAttribute("value"), "", "form is cleared for the next idea");
});

test("HTML and script typed into an idea show as text", async () => {
  await saveIdea(HOSTILE, "Markup must never run.");
  await waitForTitles(app, [HOSTILE, FALLS]);
  assert.equal((await app.findElements(By.css("#idea-list img"))).length, 0);
  assert.equal((await app.findElements(By.css("#idea-list script"))).length, 0);
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
  await typeInto(app, "search-ideas", "unobserved bay");
  await waitForTitles(app, [FALLS]);
  assert.match(await app.findElement(By.id("idea-count")).getText(), /1 idea matches/);

  await typeInto(app, "search-ideas", `"(falls* -ward:`);
  await waitForTitles(app, [FALLS]);

  await typeInto(app, "search-ideas", "zebra");
  const none = await app.wait(until.elementLocated(By.id("idea-list-empty")), 10_000);
  assert.match(await none.getText(), /No ideas match “zebra”/);

  await typeInto(app, "search-ideas", "");
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, FALLS]);
});

test("an idea can be edited and the list follows", async () => {
  const card = await app.findElement(By.css(`#idea-list li:last-child`));
  await card.findElement(By.css("button")).click();
  await app.wait(until.elementTextIs(app.findElement(By.id("idea-form-heading")), "Edit idea"), 10_000);
  assert.equal(await app.findElement(By.id("idea-title")).getAttribute("value"), FALLS);
  await typeInto(app, "idea-title", `${FALLS} (bays 1–4)`);
  await app.findElement(By.id("save-idea")).click();
  await waitForTitles(app, ["Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`]);
  await app.wait(until.elementTextIs(app.findElement(By.id("idea-form-heading")), "New idea"), 10_000);
});

test("an unreachable update server is reported quietly, with no dialog", async () => {
  const status = await app.findElement(By.id("update-status"));
  await eventually(app, async () => (await status.getAttribute("data-state")) === "failed", 40_000);
  assert.match(await status.getText(), /Could not check for updates/);
  await assert.rejects(app.switchTo().alert(), /alert/i);
});

test("who it affects, where and category tags are kept with a new idea", async () => {
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
  assert.equal(await app.findElement(By.id("idea-department")).getAttribute("value"), "Ward 7", "the ward is kept for the next idea");
});

test("a lead decides at the gate; the card shows the stage and the reason", async () => {
  const card = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]"));
  await card.findElement(By.css("summary")).click();
  const rationale = await card.findElement(By.css("textarea"));
  await rationale.sendKeys("Seen on three wards; worth triage");
  await card.findElement(By.xpath(".//button[contains(., 'Save decision')]")).click();
  await eventually(app, async () => {
    const stage = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]//*[@data-stage]"));
    return (await stage.getText()) === "Triage";
  }, 10_000);
  // A banner says where it went, read out as it appears.
  const banner = await app.findElement(By.css("#banner-region #banner"));
  assert.match(await banner.getText(), /“Quiet hours on the ward” is now at Triage\. Sam Ward will read why under My ideas\./);
  const decision = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]//*[contains(@class, 'app-idea-decision')]"));
  assert.match(await decision.getText(), /^Go, .*: Seen on three wards; worth triage$/);
  await screenshot(app, "gate-decided");
  const card2 = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]"));
  await card2.findElement(By.css("details.app-history summary")).click();
  // The history is read from the op log when opened: wait for it to arrive.
  await eventually(app, async () => {
    const history = await card2.findElements(By.css(".app-timeline"));
    return history.length > 0 && /submitted the idea[\s\S]*decided go at the gate/.test(await history[0].getText());
  }, 10_000);
  assert.equal(JSON.parse(cli(dataDir, "idea", "list", "--stage", "triage", "--json")).length, 1);
});

test("the list narrows to my ideas and to one stage", async () => {
  await app.findElement(By.css("label[for='show-mine']")).click();
  await waitForTitles(app, ["Quiet hours on the ward", "Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`]);
  await app.findElement(By.css("#filter-stage option[value='triage']")).click();
  await waitForTitles(app, ["Quiet hours on the ward"]);
  await app.findElement(By.css("#filter-stage option[value='']")).click();
  await waitForTitles(app, ["Quiet hours on the ward", "Hand gel at every bedside", HOSTILE, `${FALLS} (bays 1–4)`]);
  await app.findElement(By.css("label[for='show-all']")).click();
});

test("what was being typed survives the app being killed", async () => {
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

test("an idea is scored against the rubric from its card", async () => {
  const card = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]"));
  await card.findElement(By.css("details.app-scores summary")).click();
  const need = await eventually(app, async () => {
    const found = await card.findElements(By.css("label[for$='-need-4']"));
    return found[0] ?? false;
  }, 10_000);
  await need.click();
  await card.findElement(By.css("label[for$='-impact-5']")).click();
  await card.findElement(By.css("label[for$='-evidence-unable']")).click();
  await card.findElement(By.xpath(".//button[contains(., 'Save my scores')]")).click();
  await eventually(app, async () => {
    const total = await card.findElements(By.css(".app-total"));
    return total.length > 0 && /87\.5 \/ 100/.test(await total[0].getText());
  }, 10_000);
  await screenshot(app, "scored");
});

test("a gate stays shut until its must-meet answer is given, from the card", async () => {
  const [quiet] = JSON.parse(cli(dataDir, "idea", "list", "--json")).filter((i) => i.title === "Quiet hours on the ward");
  cli(dataDir, "idea", "move", quiet.id, "--decision", "go", "--rationale", "Shape it");
  cli(dataDir, "idea", "move", quiet.id, "--decision", "go", "--rationale", "Evaluate it");
  // The CLI wrote beside the app: searching and clearing re-reads the list.
  await typeInto(app, "search-ideas", "quiet");
  await typeInto(app, "search-ideas", "");
  const card = () => app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Quiet hours')]"));
  await eventually(app, async () => (await (await card()).findElement(By.css("[data-stage]")).getText()) === "Evaluate", 10_000);

  const gate = await (await card()).findElement(By.css("details.app-gate"));
  if (!(await gate.getAttribute("open"))) await gate.findElement(By.css("summary")).click();
  await gate.findElement(By.css("textarea")).sendKeys("Plan the POC");
  await gate.findElement(By.xpath(".//button[contains(., 'Save decision')]")).click();
  const refused = await app.wait(until.elementLocated(By.css("details.app-gate [role=alert]")), 10_000);
  assert.match(await refused.getText(), /name a clinical sponsor before POC planning/);

  const framework = await (await card()).findElement(By.css("details.app-framework"));
  await framework.findElement(By.css("summary")).click();
  const sponsor = await eventually(app, async () => (await framework.findElements(By.css("input[id$='-clinical_sponsor']")))[0] ?? false, 10_000);
  await sponsor.sendKeys("Dr A Khan");
  await framework.findElement(By.xpath(".//button[contains(., 'Save answers')]")).click();
  await eventually(app, async () => /Answers saved/.test(await framework.findElement(By.css("[role=status]")).getText()), 10_000);

  await gate.findElement(By.xpath(".//button[contains(., 'Save decision')]")).click();
  await eventually(app, async () => (await (await card()).findElement(By.css("[data-stage]")).getText()) === "POC planning", 10_000);
});

test("the board shows a column per stage, and a lead moves an idea from the keyboard", async () => {
  await app.findElement(By.id("view-board")).click();
  const column = (stage) => app.findElement(By.css(`[data-stage-column='${stage}']`));
  await eventually(app, async () => /Quiet hours/.test(await (await column("poc_planning")).getText()), 10_000);
  assert.equal((await app.findElements(By.css("[data-stage-column]"))).length, 10);
  await screenshot(app, "board");
  // The board has the window to itself: no capture form squeezing the columns.
  assert.equal((await app.findElements(By.id("idea-title"))).length, 0);
  const { width } = await app.findElement(By.id("idea-board")).getRect();
  assert.ok(width > 1100, `the board is ${width}px wide in a 1280px window`);

  const card = await (await column("poc_planning")).findElement(By.xpath(".//li[contains(., 'Quiet hours')]"));
  const summary = await card.findElement(By.css("details.app-gate summary"));
  await summary.sendKeys(Key.ENTER);
  const hold = await card.findElement(By.css("input[value='hold']"));
  await hold.sendKeys(Key.SPACE);
  const rationale = await card.findElement(By.css("textarea"));
  await rationale.sendKeys("Waiting for the estates survey");
  await rationale.sendKeys(Key.TAB, Key.ENTER);
  await eventually(app, async () => /Quiet hours/.test(await (await column("parked")).getText()), 10_000);
  await app.findElement(By.id("view-list")).click();
});

test("a lead merges a duplicate from its card, and undoes it", async () => {
  // The list re-renders as syncs and filters land: a stale read counts as "not yet".
  const titles = async () => (await ideaTitles(app).catch(() => null))?.length ?? -1;
  let before = -1;
  await eventually(app, async () => (before = await titles()) >= 0, 10_000);
  const card = await app.findElement(By.xpath("//ul[@id='idea-list']/li[contains(., 'Hand gel')]"));
  await card.findElement(By.css("details.app-merge summary")).click();
  await card.findElement(By.css("details.app-merge option:nth-child(2)")).click();
  await card.findElement(By.xpath(".//button[starts-with(normalize-space(.), 'Merge')]")).click();
  await eventually(app, async () => (await titles()) === before - 1, 10_000);

  await app.findElement(By.css(".app-more-filters summary")).click();
  await app.findElement(By.css("label[for='filter-merged']")).click();
  // The list re-renders as filters change: find things afresh each time.
  const gel = "//ul[@id='idea-list']/li[contains(., 'Hand gel')]";
  await eventually(app, async () => {
    const note = await app.findElements(By.xpath(`${gel}//*[contains(@class, 'app-merged')]`));
    return note.length > 0 && /Merged as a duplicate into/.test(await note[0].getText().catch(() => ""));
  }, 10_000);
  await app.findElement(By.xpath(`${gel}//button[contains(., 'Undo merge')]`)).click();
  await eventually(app, async () => {
    const cards = await app.findElements(By.css("#idea-list li .app-merged"));
    return cards.length === 0;
  }, 10_000);
  await app.findElement(By.css("label[for='filter-merged']")).click();
  await eventually(app, async () => (await titles()) === before, 10_000);
});
