// Drives the real Sprout desktop app through tauri-driver + WebKitWebDriver.
// Run under Xvfb (scripts/test.sh does this). One app at a time: tauri-driver owns port 4444.
import { spawn, execFileSync } from "node:child_process";
import { closeSync, mkdirSync, mkdtempSync, openSync, readFileSync, readdirSync, writeFileSync } from "node:fs";
import net from "node:net";
import os from "node:os";
import path from "node:path";
import { fileURLToPath } from "node:url";
import { Builder, By, Key, until } from "selenium-webdriver";

export const ROOT = path.resolve(path.dirname(fileURLToPath(import.meta.url)), "../..");
export const APP = process.env.SPROUT_APP ?? path.join(ROOT, "target/debug/sprout-desktop");
export const CLI = process.env.SPROUT_CLI ?? path.join(ROOT, "target/debug/sprout");
export const ARTIFACTS = path.join(ROOT, "tests/e2e/artifacts");
export const DRIVER_PORT = 4444;
// A second app runs under its own tauri-driver; WebKitWebDriver needs its own port too.
const SECOND_DRIVER_PORT = 4446;

export { By, Key, until };

/** A data folder nobody has used: the app's first run asks who is using Sprout. */
export function tempDataDir() {
  return mkdtempSync(path.join(os.tmpdir(), "sprout-e2e-"));
}

/** The passphrase every lead in these tests seals their key with. */
export const LEAD_PASS = "juniper signal orchard";

// Data folders whose first person leads: the CLI there gives the lead's passphrase, as a
// lead's scripted session with SPROUT_PASSPHRASE set would.
const LEADS = new Set();

/** A data folder whose first person is a clinician (the first run answered by the CLI). */
export function clinicianDir(name = "Sam Ward", site = "Ward 7") {
  const dir = tempDataDir();
  cli(dir, "person", "start", name, "--site", site);
  return dir;
}

/** A data folder whose first person leads, their key sealed with LEAD_PASS from the start. */
export function leadDir(name = "Priya Shah", site = "Hub") {
  const dir = tempDataDir();
  LEADS.add(dir);
  cli(dir, "person", "start", name, "--site", site);
  return dir;
}

function waitForPort(port, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  return new Promise((resolve, reject) => {
    const attempt = () => {
      const socket = net.connect(port, "127.0.0.1");
      socket.once("connect", () => {
        socket.end();
        resolve();
      });
      socket.once("error", () => {
        socket.destroy();
        if (Date.now() > deadline) reject(new Error(`nothing listening on ${port}`));
        else setTimeout(attempt, 100);
      });
    };
    attempt();
  });
}

/** Starts tauri-driver with the environment the app should see (it passes it on).
 *  `second` runs another driver beside the first, for a second app instance. */
export async function startDriver(env, { second = false } = {}) {
  const bin = process.env.TAURI_DRIVER ?? "tauri-driver";
  const port = second ? SECOND_DRIVER_PORT : DRIVER_PORT;
  // The driver's output (and that of the apps it starts) goes to a log file, not to the
  // test runner's pipes: an app that outlived its session would hold those open, and the
  // runner would wait for it for ever.
  mkdirSync(ARTIFACTS, { recursive: true });
  const log = openSync(path.join(ARTIFACTS, `tauri-driver-${port}.log`), "a");
  const child = spawn(bin, ["--port", String(port), "--native-port", String(port + 1)], {
    env: { ...process.env, ...env },
    stdio: ["ignore", log, log],
  });
  const exited = new Promise((resolve) => child.once("exit", resolve));
  await Promise.race([
    waitForPort(port, 20_000),
    exited.then((code) => {
      throw new Error(`tauri-driver exited early (${code})`);
    }),
  ]);
  return {
    port,
    /** SIGTERM, never SIGKILL: SIGKILL orphans WebKitWebDriver, which keeps its port.
     *  Then any app of this driver's data folder still running (its session's quit
     *  failed) is stopped, so it cannot keep its data folder or the display busy. */
    async stop() {
      if (child.exitCode === null) child.kill("SIGTERM");
      await exited;
      closeSync(log);
      if (env.SPROUT_DATA_DIR) stopAppsOf(env.SPROUT_DATA_DIR);
    },
  };
}

/** Stops every Sprout app process whose environment names `dataDir`. */
function stopAppsOf(dataDir) {
  for (const pid of readdirSync("/proc").filter((p) => /^\d+$/.test(p))) {
    try {
      const cmd = readFileSync(`/proc/${pid}/cmdline`, "utf8");
      if (!cmd.includes("sprout-desktop")) continue;
      const env = readFileSync(`/proc/${pid}/environ`, "utf8").split("\0");
      if (env.includes(`SPROUT_DATA_DIR=${dataDir}`)) process.kill(Number(pid), "SIGTERM");
    } catch {
      // Gone already, or not ours to read.
    }
  }
}

/** Launches the app (a new process each call) and waits until `readyId` is shown.
 *  `application` is the binary to run: a copy, when a test lets the app replace itself. */
export async function launchApp(readyId = "idea-title", port = DRIVER_PORT, application = APP) {
  const driver = await new Builder()
    .usingServer(`http://127.0.0.1:${port}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application } })
    .build();
  await driver.wait(until.elementLocated(By.id(readyId)), 30_000);
  return driver;
}

/** Two instances of the real app on their own data folders, each with its own driver,
 *  syncing every second. `stop()` quits both and their drivers. */
export async function launchTwoApps(firstDir, secondDir) {
  const fast = { SPROUT_SYNC_INTERVAL_SECS: "1" };
  const drivers = [await startDriver({ ...fast, SPROUT_DATA_DIR: firstDir })];
  const apps = [];
  const stop = async () => {
    for (const app of apps) await app.quit().catch(() => {});
    for (const d of drivers) await d.stop();
  };
  try {
    drivers.push(await startDriver({ ...fast, SPROUT_DATA_DIR: secondDir }, { second: true }));
    for (const d of drivers) apps.push(await launchApp("idea-title", d.port));
  } catch (e) {
    await stop();
    throw e;
  }
  return { apps, stop };
}

export async function screenshot(driver, name) {
  mkdirSync(ARTIFACTS, { recursive: true });
  const png = Buffer.from(await driver.takeScreenshot(), "base64");
  const file = path.join(ARTIFACTS, `${name}.png`);
  writeFileSync(file, png);
  return file;
}

/** Runs the real `sprout` CLI on the same data folder. */
export function cli(dataDir, ...args) {
  const env = { ...process.env };
  delete env.SPROUT_PASSPHRASE;
  if (LEADS.has(dataDir)) env.SPROUT_PASSPHRASE = LEAD_PASS;
  return execFileSync(CLI, ["--data-dir", dataDir, ...args], { encoding: "utf8", env });
}

/** Replaces a field's text as a person would: select all, delete, type. (WebDriver's
 *  clear() fires no input event, so the UI would never hear of it.) */
export async function typeInto(driver, id, text) {
  // Under load, WebKitWebDriver has been seen to lose a key (a select-all that selected
  // nothing leaves the old words in), so the field is read back and typed again until it
  // holds what was meant. A field that rewrites what is typed keeps its third try.
  for (let attempt = 1; ; attempt += 1) {
    const el = await driver.findElement(By.id(id));
    await el.sendKeys(Key.chord(Key.CONTROL, "a"), Key.BACK_SPACE);
    if (text) await el.sendKeys(text);
    if (attempt === 3 || (await el.getProperty("value")) === text) return el;
  }
}

/** Goes to a place by its address, as a link would, and waits for `readyCss` there. */
export async function goTo(driver, hash, readyCss) {
  await driver.executeScript(`if (location.hash !== "${hash}") location.hash = "${hash}"`);
  if (readyCss) await eventually(driver, async () => (await driver.findElements(By.css(readyCss))).length > 0, 15_000);
}

/** Share an idea, with its form ready. */
export const goToShare = (driver) => goTo(driver, "#/", "#idea-title");

/** The titles on the first page of the Ideas table, newest first (going there first). */
export async function ideaTitles(driver) {
  await goTo(driver, "#/ideas");
  if ((await driver.findElements(By.id("ideas-table-empty"))).length > 0) return [];
  const busy = await driver.findElements(By.css("#ideas-table[aria-busy='true']"));
  if (busy.length > 0) throw new Error("the table is still loading");
  const titles = await driver.findElements(By.css("#ideas-table .app-row-title"));
  return Promise.all(titles.map((t) => t.getText()));
}

/** Opens the idea titled `title` from the Ideas table and waits for its page. `follow`
 *  follows the link's address instead of clicking it (WebKitWebDriver clicks at the wrong
 *  place in a zoomed window). */
export async function openIdea(driver, title, { follow = false } = {}) {
  await goTo(driver, "#/ideas", "#ideas-table, #ideas-table-empty");
  await eventually(driver, async () => {
    const link = await driver.findElement(By.xpath(`//table[@id='ideas-table']//a[normalize-space(.)=${xpathText(title)}]`));
    // WebKitWebDriver does not scroll to what it clicks: a zoomed window may have the row
    // below the fold.
    await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", link);
    if (follow) await driver.executeScript("location.hash = arguments[0].getAttribute('href')", link);
    else await link.click();
    return true;
  }, 15_000);
  // Once the link is followed the table is gone: wait for the page on its own.
  await eventually(driver, async () => (await driver.findElement(By.id("idea-heading")).getText()) === title, 15_000);
  return driver.findElement(By.id("idea-page"));
}

/** Clicks `element` once it is scrolled into view: WebKitWebDriver does not scroll to what
 *  it clicks, and an idea's page puts panels beside and below the fold. */
export async function tap(driver, element) {
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", element);
  await element.click();
}

/** A string as an XPath literal, whatever quotes it holds. */
function xpathText(text) {
  if (!text.includes("'")) return `'${text}'`;
  if (!text.includes('"')) return `"${text}"`;
  return `concat('${text.split("'").join(`', "'", '`)}')`;
}

/** Waits until the list shows exactly `expected` (in order). */
export async function waitForTitles(driver, expected, timeoutMs = 20_000) {
  let last = [];
  try {
    await driver.wait(async () => {
      last = await ideaTitles(driver).catch(() => []);
      return JSON.stringify(last) === JSON.stringify(expected);
    }, timeoutMs);
  } catch {
    throw new Error(`idea list shows ${JSON.stringify(last)}, expected ${JSON.stringify(expected)}`);
  }
}

const AXE = readFileSync(path.join(ROOT, "node_modules/axe-core/axe.min.js"), "utf8");

/** The WCAG 2.2 A and AA failures axe-core finds in the page as it stands, one line each
 *  (rule, impact, and the elements). Injected through WebDriver, not served by the app. */
export async function accessibilityProblems(driver) {
  const found = await driver.executeAsyncScript(`${AXE}
    const done = arguments[arguments.length - 1];
    axe.run(document, { runOnly: { type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"] } })
      .then((r) => done(r.violations.map((v) => v.id + " (" + v.impact + "): " + v.nodes.map((n) => n.target.join(" ")).join(", "))))
      .catch((e) => done(["axe failed: " + e]));`);
  return found;
}

/** Waits (bounded) until `condition` holds. Unlike driver.wait, a stale or missing element
 *  while the list re-renders counts as "not yet", not as a failure. */
export async function eventually(driver, condition, timeoutMs = 20_000) {
  let last;
  try {
    return await driver.wait(async () => {
      try {
        return await condition();
      } catch (e) {
        last = e;
        return false;
      }
    }, timeoutMs);
  } catch (e) {
    throw last ?? e;
  }
}

/** Opens the header's person switcher, unless it is open already. */
export async function openSwitcher(driver) {
  // WebKitWebDriver does not scroll a header control back into view by itself.
  await driver.executeScript("window.scrollTo(0, 0)");
  const panel = await driver.findElement(By.css("details.app-person__switch"));
  if ((await panel.getAttribute("open")) === null) await driver.findElement(By.id("switch-person")).click();
}

/** Picks `name` in the person switcher. The list is drawn again when the people load, and
 *  a page that starts afresh has the switcher closed: each retry opens it again. */
export async function pickPerson(driver, name) {
  await eventually(driver, async () => {
    await openSwitcher(driver);
    await driver.findElement(By.xpath(`//ul[@id='people']//button[starts-with(normalize-space(.), '${name}')]`)).click();
    return true;
  }, 15_000);
}

/** Runs `action`, after which the window starts afresh as `name` (a switch reloads it), and
 *  waits for the new page. The name alone is not proof: the old page may show it too, for
 *  a moment before it goes, so the old page is marked and its going awaited. */
export async function switchesTo(driver, name, action) {
  await driver.executeScript("window.__sproutOldPage = true");
  await action();
  await eventually(driver, () => driver.executeScript("return window.__sproutOldPage === undefined"), 20_000);
  await eventually(driver, async () => (await driver.findElement(By.id("acting-person")).getText()).trim() === name, 15_000);
  await eventually(driver, () => driver.findElement(By.id("idea-title")).isDisplayed(), 20_000);
}

/** The acting person unlocks their roles with their passphrase, as a lead does each time
 *  Sprout starts: open the switcher, pick themselves, type it. */
export async function unlock(driver, name, passphrase = LEAD_PASS) {
  await switchesTo(driver, name, async () => {
    await pickPerson(driver, `${name} (unlock)`);
    const field = await eventually(driver, async () => (await driver.findElements(By.id("passphrase")))[0] ?? false, 20_000);
    await field.sendKeys(passphrase, Key.ENTER);
  });
  await eventually(driver, async () => !/roles locked/.test(await driver.findElement(By.css(".app-person__now")).getText()), 20_000);
}

/** Chooses `value` in the select `id`, as picking it with the keyboard would. */
export async function choose(driver, id, value) {
  await driver.executeScript(
    "const s = document.getElementById(arguments[0]); s.value = arguments[1]; s.dispatchEvent(new Event('change', { bubbles: true }))",
    id,
    value,
  );
}

/** Presses the control `id`, scrolled into view first. */
export async function press(driver, id) {
  const control = await driver.findElement(By.id(id));
  await driver.executeScript("arguments[0].scrollIntoView({ block: 'center' })", control);
  await control.click();
}

/** Opens every NHS.UK details element whose text includes `text` ("" opens them all). */
export async function openDetails(driver, text) {
  await driver.executeScript(
    "for (const d of document.querySelectorAll('details.nhsuk-details')) if (d.textContent.includes(arguments[0])) d.open = true",
    text,
  );
}

/** Zooms the window to 200 %, as a person with low vision would, with its own zoom keys.
 *  Returns the width before, to zoom back to. */
export async function zoomTo200(driver) {
  const width = () => driver.executeScript("return window.innerWidth");
  const full = await width();
  for (let i = 0; i < 12 && (await width()) > full / 2 + 10; i++) {
    await driver.findElement(By.css("body")).sendKeys(Key.chord(Key.CONTROL, "="));
    await new Promise((r) => setTimeout(r, 200));
  }
  if ((await width()) > full / 2 + 10) throw new Error(`zoomed only to ${full / (await width())}x`);
  return full;
}

/** Each page ([hash, a selector that says it is ready]) passes axe, with its NHS.UK
 *  details open, and reflows instead of scrolling sideways; `at` names the size. */
export async function pagesPassAxe(driver, pages, at) {
  const overflow = () => driver.executeScript("return document.documentElement.scrollWidth - window.innerWidth");
  for (const [hash, ready] of pages) {
    await goTo(driver, hash, ready);
    await openDetails(driver, "");
    const problems = await accessibilityProblems(driver);
    if (problems.length > 0) throw new Error(`${hash} at ${at}: ${JSON.stringify(problems)}`);
    const sideways = await overflow();
    if (sideways > 1) throw new Error(`${hash} at ${at} overflows sideways by ${sideways}px`);
  }
}
