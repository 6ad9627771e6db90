// The window's speed with a real pipeline: seeds a lead's data folder through the store
// (crates/store/examples/seed_pipeline.rs, which also times the store queries alone),
// drives the real debug app through WebDriver, and prints p50 and p95 from each action to
// its rendered result beside the store's own time in the same run, with the elements each
// screen holds. Figures, not assertions: the machine is shared and noisy.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" node scripts/bench-ui.mjs [IDEAS...]
//
// IDEAS defaults to 300 and 100000. Needs target/debug/sprout-desktop, the sprout CLI and
// tauri-driver, as the end-to-end tests do (scripts/test.sh builds them).
import { execFileSync } from "node:child_process";
import { rmSync } from "node:fs";
import path from "node:path";
import { By, ROOT, launchApp, leadDir, screenshot as takeScreenshot, startDriver, unlock } from "../tests/e2e/harness.mjs";

// Screenshots only when asked (SPROUT_BENCH_SHOTS=1): on this machine WebKitWebDriver's
// screenshot has been seen to take seconds, then to stall for good, after a few hundred
// timed actions (2026-12-07, with the window as it was before issue 23 and after), which
// would stop the benchmark before its figures.
const screenshot = (app, name) => (process.env.SPROUT_BENCH_SHOTS === "1" ? takeScreenshot(app, name) : Promise.resolve());

const sizes = process.argv.slice(2).map(Number).filter((n) => n > 0);
// 40 runs: with fewer, "p95" is simply the slowest run.
const RUNS = 40;

// Seeded by a release build (fast), timed by a debug build: the store's time beside the
// debug app's must be the time that build takes.
function seed(dir, n) {
  const example = (profile, ideas) =>
    execFileSync("cargo", ["run", "--quiet", ...profile, "-p", "sprout-store", "--example", "seed_pipeline", "--", dir, String(ideas)], {
      cwd: ROOT,
      encoding: "utf8",
    });
  console.log(`# ${example(["--release"], n).trim()}`);
  const out = example([], 0);
  const store = {};
  for (const line of out.trim().split("\n")) {
    const m = /^store (.+): p50 ([\d.]+) ms, p95 ([\d.]+) ms$/.exec(line);
    if (m) store[m[1]] = { p50: Number(m[2]), p95: Number(m[3]) };
    else console.log(`# ${line}`);
  }
  return store;
}

/** Runs `action` in the page and resolves with the milliseconds until `done` holds. */
async function timed(app, action, done) {
  return app.executeAsyncScript(`
    const finish = arguments[arguments.length - 1];
    const start = performance.now();
    ${action};
    const poll = () => {
      try { if (${done}) return finish(performance.now() - start); } catch (e) {}
      if (performance.now() - start > 20000) return finish(-1);
      requestAnimationFrame(poll);
    };
    requestAnimationFrame(poll);`);
}

const elements = (app) => app.executeScript("return document.getElementsByTagName('*').length");

function percentiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
  return { p50: at(0.5), p95: at(0.95) };
}

function report(what, times, store, count) {
  const { p50, p95 } = percentiles(times);
  const beside = store ? `   store alone p50 ${store.p50.toFixed(2)} / p95 ${store.p95.toFixed(2)} ms` : "";
  console.log(`${what.padEnd(34)} p50 ${p50.toFixed(0).padStart(5)} / p95 ${p95.toFixed(0).padStart(5)} ms${beside}   ${count} elements`);
}

const TABLE_READY = `document.querySelector('#ideas-table') && document.querySelector('#ideas-table').getAttribute('aria-busy') === 'false'`;

async function bench(n) {
  const dir = leadDir("Priya Shah", "Hub");
  const store = seed(dir, n);
  const driver = await startDriver({ SPROUT_DATA_DIR: dir });
  const app = await launchApp();
  try {
    await app.manage().window().setRect({ width: 1366, height: 768 });
    await unlock(app, "Priya Shah");
    console.log(`\n## ${n} ideas (debug build, 1366x768)`);

    // From the page's start (a reload runs the whole window's start-up again, without the
    // process launch) to a table the lead can use, read on the page's own clock.
    const reloads = [];
    for (let i = 0; i < 10; i++) {
      await app.executeScript("window.__benchOldPage = true; location.hash = '#/ideas'; location.reload()");
      let at = null;
      while (at === null) {
        at = await app
          .executeAsyncScript(`
            const finish = arguments[arguments.length - 1];
            if (window.__benchOldPage) return finish(null);
            const poll = () => (${TABLE_READY} ? finish(performance.now()) : requestAnimationFrame(poll));
            poll();`)
          .catch(() => null);
      }
      reloads.push(at);
    }
    report("start-up to an interactive table", reloads, store["first page of the table"], await elements(app));

    // Coming to the Ideas place from another: a new table asks for its first page.
    const first = [];
    for (let i = 0; i < RUNS; i++) {
      await timed(app, "location.hash = '#/mine'", "document.getElementById('ideas-table') === null");
      first.push(await timed(app, "location.hash = '#/ideas'", TABLE_READY));
    }
    report("the Ideas table's first page", first, store["first page of the table"], await elements(app));

    const filter = [];
    for (let i = 0; i < RUNS; i++) {
      filter.push(await timed(app, "document.querySelector('[data-stage-count=triage]').click()",
        `${TABLE_READY} && document.querySelector('#ideas-table tbody td[data-stage]').dataset.stage === 'triage'`));
      await timed(app, "document.getElementById('stage-all').click()",
        `${TABLE_READY} && document.getElementById('stage-all').getAttribute('aria-pressed') === 'true'`);
    }
    report("a filter change (Triage)", filter, store["a filter change (Triage)"], await elements(app));

    const turn = [];
    for (let i = 0; i < RUNS; i++) {
      turn.push(await timed(app, "document.getElementById('page-next').click()",
        `${TABLE_READY} && /page 2 of/.test(document.getElementById('ideas-table-caption').textContent)`));
      await timed(app, "document.getElementById('page-previous').click()",
        `${TABLE_READY} && /page 1 of/.test(document.getElementById('ideas-table-caption').textContent)`);
    }
    report("a page turn", turn, store["a page turn (page 2)"], await elements(app));
    await screenshot(app, `bench-ideas-${n}`);

    const open = [];
    let ideaElements = 0;
    for (let i = 0; i < RUNS; i++) {
      open.push(await timed(app, "document.querySelector('#ideas-table .app-row-title').click()",
        "document.getElementById('idea-heading') !== null && document.querySelector('#comments-heading') !== null"));
      ideaElements = await elements(app);
      if (i === 0) await screenshot(app, `bench-idea-${n}`);
      await timed(app, "history.back()", TABLE_READY);
    }
    report("opening an idea", open, null, ideaElements);

    await timed(app, "location.hash = '#/board'", "document.getElementById('column-submitted-next') !== null");
    const column = [];
    for (let i = 0; i < RUNS; i++) {
      column.push(await timed(app, "document.getElementById('column-submitted-next').click()",
        "/^2 of/.test(document.querySelector('[data-stage-column=submitted] .app-board__page').textContent)"));
      await timed(app, "document.querySelector('[data-stage-column=submitted] .app-board__pages button').click()",
        "/^1 of/.test(document.querySelector('[data-stage-column=submitted] .app-board__page').textContent)");
    }
    report("one board column (next page)", column, store["one board column (Submitted, 15)"], await elements(app));
    await screenshot(app, `bench-board-${n}`);

    // The POCs place: its first page coming from another place, and a page turn.
    const POCS_READY = `document.querySelector('#pocs-table') && document.querySelector('#pocs-table').getAttribute('aria-busy') === 'false'`;
    const pocsFirst = [];
    for (let i = 0; i < RUNS; i++) {
      await timed(app, "location.hash = '#/mine'", "document.getElementById('pocs-table') === null");
      pocsFirst.push(await timed(app, "location.hash = '#/pocs'", POCS_READY));
    }
    report("the POCs place's first page", pocsFirst, store["the POCs place's first page"], await elements(app));
    const pocsTurn = [];
    const pocPages = await app.executeScript("return document.getElementById('pocs-page-next') !== null");
    for (let i = 0; pocPages && i < RUNS; i++) {
      pocsTurn.push(await timed(app, "document.getElementById('pocs-page-next').click()",
        `${POCS_READY} && /page 2 of/.test(document.getElementById('pocs-table-caption').textContent)`));
      await timed(app, "document.getElementById('pocs-page-previous').click()",
        `${POCS_READY} && /page 1 of/.test(document.getElementById('pocs-table-caption').textContent)`);
    }
    if (pocPages) report("a page turn of the POCs", pocsTurn, store["a page turn of the POCs"], await elements(app));
    await screenshot(app, `bench-pocs-${n}`);

    // The Dashboard: from another place to every figure and both SPC charts drawn, for
    // the last 12 months of the whole hub (its aggregates are timed alone by the store
    // benchmark, "dashboard aggregates").
    const DASHBOARD_READY = `document.getElementById('dashboard-funnel') !== null && document.getElementById('spc-decisions') !== null`;
    const dashboard = [];
    for (let i = 0; i < RUNS; i++) {
      await timed(app, "location.hash = '#/mine'", "document.getElementById('dashboard-funnel') === null");
      dashboard.push(await timed(app, "location.hash = '#/dashboard'", DASHBOARD_READY));
    }
    report("the Dashboard, opened", dashboard, null, await elements(app));
    await screenshot(app, `bench-dashboard-${n}`);
  } finally {
    await app.quit().catch(() => {});
    await driver.stop();
    // A 100 000-idea folder is over 600 MB.
    rmSync(dir, { recursive: true, force: true });
  }
}

for (const n of sizes.length > 0 ? sizes : [300, 100_000]) await bench(n);
if (process.env.SPROUT_BENCH_SHOTS === "1") console.log(`\n# screenshots in ${path.relative(ROOT, path.join(ROOT, "tests/e2e/artifacts"))}`);
