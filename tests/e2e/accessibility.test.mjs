// The real app checked with axe-core against WCAG 2.2 A and AA, place by place, at a ward
// PC's 1366x768 and again zoomed to 200 % (the window's own Ctrl+plus), where nothing but
// the board may need scrolling sideways; the form with errors and patient details marked;
// and an idea's page with its gate, scores and history open.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import { By, Key, accessibilityProblems, cli, eventually, goTo, launchApp, leadDir, openIdea, startDriver, typeInto, unlock, until } from "./harness.mjs";

const dataDir = leadDir();
let driver;
let app;

const PLACES = [
  ["Share an idea", "#/", "#idea-title"],
  ["My ideas", "#/mine", "#my-ideas, #mine-empty"],
  ["Ideas", "#/ideas", "#ideas-table"],
  ["Board", "#/board", "#idea-board .app-board__card"],
  ["To score", "#/to-score", "#score-summary"],
  ["POCs", "#/pocs", "#pocs-table, #pocs-empty"],
  ["Hub and people", "#/hub", "#sharing-where"],
];

before(async () => {
  const id = cli(dataDir, "idea", "add", "--title", "Bed-exit sensors", "--problem", "Falls at night", "--affects", "patients,staff", "--department", "Ward 7", "--tag", "falls").trim();
  cli(dataDir, "idea", "move", id, "--decision", "go", "--rationale", "Seen on three wards");
  cli(dataDir, "idea", "support", id, "Ward 9 too");
  driver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp();
  await app.manage().window().setRect({ width: 1366, height: 768 });
  await unlock(app, "Priya Shah");
});

after(async () => {
  await app?.quit().catch(() => {});
  await driver?.stop();
});

/** How far the page reaches past the window's right edge, in CSS pixels. */
const overflow = () => app.executeScript("return document.documentElement.scrollWidth - window.innerWidth");

async function checkEveryPlace(at) {
  for (const [name, hash, ready] of PLACES) {
    await goTo(app, hash, ready);
    assert.deepEqual(await accessibilityProblems(app), [], `${name} at ${at}`);
    if (name !== "Board") assert.ok((await overflow()) <= 1, `${name} at ${at} overflows sideways by ${await overflow()}px`);
  }
  await openIdea(app, "Bed-exit sensors", { follow: at !== "1366x768" });
  assert.deepEqual(await accessibilityProblems(app), [], `an idea's page at ${at}`);
  assert.ok((await overflow()) <= 1, `an idea's page at ${at} overflows sideways`);
}

test("every place has no WCAG A or AA failures at 1366x768", async () => {
  await checkEveryPlace("1366x768");
});

test("nor at 200 % zoom, where the page reflows instead of scrolling sideways", async () => {
  const width = () => app.executeScript("return window.innerWidth");
  const full = await width();
  const body = await app.findElement(By.css("body"));
  // The window's own zoom, as a person with low vision would use it.
  for (let i = 0; i < 12 && (await width()) > full / 2 + 10; i++) {
    await body.sendKeys(Key.chord(Key.CONTROL, "="));
    await new Promise((r) => setTimeout(r, 200));
  }
  assert.ok((await width()) <= full / 2 + 10, `zoomed to ${full / (await width())}x`);
  try {
    await checkEveryPlace("200 % zoom");
  } finally {
    for (let i = 0; i < 12 && (await width()) < full; i++) {
      await app.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "-"));
      await new Promise((r) => setTimeout(r, 200));
    }
  }
});

test("nor the form with every error listed and patient details marked", async () => {
  await goTo(app, "#/", "#idea-title");
  await typeInto(app, "idea-title", "");
  await typeInto(app, "idea-problem", "NHS 943 476 5919 fell");
  await app.findElement(By.id("save-idea")).click();
  const summary = await app.wait(until.elementLocated(By.id("idea-form-errors")), 10_000);
  // All at once, at the top, each linked to its field.
  await eventually(app, async () => (await summary.findElements(By.css("a"))).length === 2, 10_000);
  await app.wait(until.elementLocated(By.css("#idea-problem-pid mark")), 10_000);
  assert.deepEqual(await accessibilityProblems(app), []);
  await summary.findElement(By.css("a[href='#idea-problem']")).click();
  assert.equal(await app.switchTo().activeElement().getAttribute("id"), "idea-problem");
  assert.equal(await app.executeScript("return location.hash"), "#/", "an error's link is not a place");
  await typeInto(app, "idea-problem", "");
});

test("nor an idea's page with its gate, scores and history open", async () => {
  const page = await openIdea(app, "Bed-exit sensors");
  await page.findElement(By.css(".app-gate label[for$='-go']")).click();
  await page.findElement(By.css("details.app-scores summary")).click();
  await page.findElement(By.css("details.app-history summary")).click();
  await app.wait(until.elementLocated(By.css(".app-timeline li")), 10_000);
  await app.wait(until.elementLocated(By.css(".app-criteria li")), 10_000);
  assert.deepEqual(await accessibilityProblems(app), []);
});

test("the check itself catches a real failure (an image with no text alternative)", async () => {
  await app.executeScript(`const img = document.createElement("img"); img.id = "planted"; img.src = "data:,"; document.body.append(img);`);
  const problems = await accessibilityProblems(app);
  await app.executeScript(`document.getElementById("planted").remove();`);
  assert.ok(problems.some((p) => p.startsWith("image-alt")), JSON.stringify(problems));
});
