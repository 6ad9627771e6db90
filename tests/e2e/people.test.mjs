// People sharing one ward PC, in the real app: the first run asks who is using Sprout (and
// a passphrase of someone who will lead), someone new adds themselves, switching is two
// clicks for a clinician, nobody sees another person's draft, and the lead needs their
// passphrase to switch back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  By,
  Key,
  accessibilityProblems,
  cli,
  eventually,
  launchApp,
  openSwitcher,
  pickPerson,
  screenshot,
  startDriver,
  switchesTo,
  tempDataDir,
  typeInto,
} from "./harness.mjs";

const dataDir = tempDataDir();
let tauriDriver;
let app;

before(async () => {
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir, USER: "ward7-shared" });
  app = await launchApp("first-name");
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

const acting = async () => (await app.findElement(By.id("acting-person")).getText()).trim();

test("the first run asks who is using Sprout, from the keyboard alone", async () => {
  // Nothing to do but answer: no idea form, nobody credited as the PC's signed-in user.
  assert.equal((await app.findElements(By.id("idea-title"))).length, 0);
  assert.equal(await app.switchTo().activeElement().getAttribute("id"), "first-name");
  const name = app.switchTo().activeElement();
  await name.sendKeys("Sam Ward", Key.TAB, "Ward 7", Key.TAB, Key.SPACE);
  await eventually(app, async () => (await app.findElements(By.id("first-passphrase"))).length > 0, 5_000);
  await app.switchTo().activeElement().sendKeys(Key.TAB, "copper lantern meadow", Key.TAB, "copper lantern meadow");
  assert.deepEqual(await accessibilityProblems(app), [], "the first run passes axe");
  await screenshot(app, "first-run");
  await switchesTo(app, "Sam Ward", () => app.switchTo().activeElement().sendKeys(Key.ENTER));
  const now = await app.findElement(By.css(".app-person__now")).getText();
  assert.doesNotMatch(now, /locked/, "Sam chose a passphrase just now: their roles are in force");
});

test("someone new adds themselves and is using Sprout at once", async () => {
  await eventually(app, async () => (await acting()) === "Sam Ward", 15_000);
  // The header is drawn again as the people load after the first run's reload: retry.
  await eventually(app, async () => {
    await openSwitcher(app);
    await app.findElement(By.id("add-person-open")).click();
    return true;
  }, 15_000);
  assert.match(await app.findElement(By.id("people")).getText(), /Nobody else uses Sprout on this PC yet/);
  await typeInto(app, "new-person", "Ben Porter");
  await switchesTo(app, "Ben Porter", () => app.findElement(By.id("add-person")).click());
});

test("a half-typed idea stays with the person who typed it", async () => {
  await typeInto(app, "idea-title", "Ben's half-typed idea");
  const status = await app.findElement(By.id("draft-status"));
  await eventually(app, async () => /Draft kept at/.test(await status.getText()), 15_000);

  // Sam leads from this PC, so switching back to Sam asks for Sam's passphrase.
  await pickPerson(app, "Sam Ward");
  const label = await app.findElement(By.css("label[for='passphrase']"));
  assert.equal(await label.getText(), "Sam Ward's passphrase");
  assert.equal(await app.switchTo().activeElement().getAttribute("id"), "passphrase");
  await typeInto(app, "passphrase", "copper lantern meadow");
  await switchesTo(app, "Sam Ward", () => app.findElement(By.id("unlock")).click());
  assert.equal(await app.findElement(By.id("idea-title")).getAttribute("value"), "", "Sam never sees Ben's draft");

  // Back to Ben: two clicks, no password, and his draft is there.
  await switchesTo(app, "Ben Porter", () => pickPerson(app, "Ben Porter"));
  const title = await app.findElement(By.id("idea-title"));
  await eventually(app, async () => (await title.getAttribute("value")) === "Ben's half-typed idea", 10_000);
});

test("picking the admin's name is not enough: a wrong passphrase switches nobody", async () => {
  await pickPerson(app, "Sam Ward");
  assert.equal(await app.findElement(By.css("label[for='passphrase']")).getText(), "Sam Ward's passphrase");
  await typeInto(app, "passphrase", "copper lantern meadows");
  await app.findElement(By.id("unlock")).click();
  const error = async () => app.findElement(By.id("passphrase-error")).getText();
  await eventually(app, async () => /does not unlock/.test(await error()), 10_000);
  assert.equal(await acting(), "Ben Porter");
  assert.deepEqual(await accessibilityProblems(app), [], "the open switcher, with an error, passes axe");
  await screenshot(app, "person-switch");

  await typeInto(app, "passphrase", "copper lantern meadow");
  await switchesTo(app, "Sam Ward", () => app.findElement(By.id("unlock")).click());
});

test("the CLI sees the same people, and Sam's key is sealed", () => {
  const people = JSON.parse(cli(dataDir, "person", "list", "--json"));
  assert.deepEqual(
    people.map((p) => [p.person, p.has_passphrase]),
    [["Sam Ward", true], ["Ben Porter", false]],
  );
});
