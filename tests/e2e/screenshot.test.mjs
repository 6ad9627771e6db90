// Ideas added with the CLI show up in the app; and the README's screenshot, taken from
// the real app with realistic ideas. SPROUT_UPDATE_SCREENSHOT=1 copies it to docs/.
import assert from "node:assert/strict";
import { copyFileSync } from "node:fs";
import path from "node:path";
import { after, before, test } from "node:test";
import { ROOT, cli, goToShare, launchApp, screenshot, startDriver, clinicianDir, typeInto, waitForTitles } from "./harness.mjs";

// Credited as the author of the CLI's ideas.
const dataDir = clinicianDir("Priya Shah", "St Mary's");
const IDEAS = [
  ["Bed-exit sensors for night-time falls", "Patients fall at night when the bay is unobserved; we find them on the floor at the next round.", "Pressure mats that alert the nurse call system."],
  ["Hand gel at every bedside", "Dispensers at the bay entrances are empty by noon, so staff skip hand hygiene between patients.", ""],
  ["Discharge letters in plain English", "Patients go home with letters full of abbreviations that they and their carers cannot read.", "A plain-English summary page written with patients."],
];
let tauriDriver;
let app;

before(async () => {
  for (const [title, problem, solution] of IDEAS) {
    const args = ["idea", "add", "--title", title, "--problem", problem];
    cli(dataDir, ...(solution ? [...args, "--solution", solution] : args));
  }
  tauriDriver = await startDriver({ SPROUT_DATA_DIR: dataDir });
  app = await launchApp();
});

after(async () => {
  await app?.quit().catch(() => {});
  await tauriDriver?.stop();
});

test("ideas added with the CLI appear in the app, newest first", async () => {
  await waitForTitles(app, IDEAS.map(([title]) => title).reverse());
});

test("screenshot of the app for the README", async () => {
  await goToShare(app);
  await typeInto(app, "idea-title", "Virtual ward check-in by text message");
  await typeInto(app, "idea-problem", "Patients on the virtual ward miss video calls");
  await app.executeScript("window.scrollTo(0, 0)");
  const file = await screenshot(app, "readme");
  assert.ok(file.endsWith(".png"));
  if (process.env.SPROUT_UPDATE_SCREENSHOT === "1") {
    copyFileSync(file, path.join(ROOT, "docs/screenshot.png"));
  }
});
