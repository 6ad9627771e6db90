// People sharing one ward PC, in the real app: someone new adds themselves, switching is
// two clicks for a clinician, nobody sees another person's draft, and the PC's admin
// chooses a passphrase and then needs it to switch back.
import assert from "node:assert/strict";
import { after, before, test } from "node:test";
import {
  By,
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
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir, USER: "Sam Ward" });
  app = await launchApp();
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

const acting = async () => (await app.findElement(By.id("acting-person")).getText()).trim();

test("someone new adds themselves and is using Sprout at once", async () => {
  await eventually(app, async () => (await acting()) === "Sam Ward", 15_000);
  await openSwitcher(app);
  assert.match(await app.findElement(By.id("people")).getText(), /Nobody else uses Sprout on this PC yet/);
  await app.findElement(By.id("add-person-open")).click();
  await typeInto(app, "new-person", "Ben Porter");
  await switchesTo(app, "Ben Porter", () => app.findElement(By.id("add-person")).click());
});

test("a half-typed idea stays with the person who typed it", async () => {
  await typeInto(app, "idea-title", "Ben's half-typed idea");
  const status = await app.findElement(By.id("draft-status"));
  await eventually(app, async () => /Draft kept at/.test(await status.getText()), 15_000);

  // Sam set this PC up, so Sam is its admin: with others here, Sam chooses a passphrase.
  await pickPerson(app, "Sam Ward");
  const label = await app.findElement(By.css("label[for='passphrase']"));
  assert.equal(await label.getText(), "Choose a passphrase for Sam Ward");
  assert.equal(await app.switchTo().activeElement().getAttribute("id"), "passphrase");
  await typeInto(app, "passphrase", "copper lantern meadow");
  await typeInto(app, "passphrase-again", "copper lantern meadow");
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
