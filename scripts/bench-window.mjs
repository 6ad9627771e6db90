// The window against a blank Tauri 2 app (benches/blank-window: one window, one static
// page), both release builds launched the same way in the same run: time from launch to
// the first page of ideas rendered (Sprout with 0, 300 and IDEAS ideas) beside the blank
// app's time to its page; then, after 10 s idle, the PSS of the app and every WebKit
// process under it, and the CPU they use over the next 10 s. Figures, not assertions: the
// machine is shared and noisy, so read the ratios.
//
//   xvfb-run -a -s "-screen 0 1366x768x24" node scripts/bench-window.mjs [IDEAS]
//
// IDEAS defaults to 100000. Needs target/release/{sprout-desktop,sprout-blank-window,sprout}
// and target/release/examples/seed_pipeline (scripts/bench.sh builds them), and
// tauri-driver (scripts/setup.sh --with-e2e installs it).
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, readdirSync, readlinkSync, rmSync } from "node:fs";
import os from "node:os";
import path from "node:path";
import { Builder } from "selenium-webdriver";
import { DRIVER_PORT, ROOT, startDriver } from "../tests/e2e/harness.mjs";

const IDEAS = Number(process.argv[2] ?? 100_000);
// 20 launches: with fewer, the p95 is only the slowest launch.
const LAUNCHES = 20;
const IDLE_MS = 10_000;
const release = (name) => path.join(ROOT, "target", "release", name);
const SPROUT = release("sprout-desktop");
const BLANK = release("sprout-blank-window");

// The first page of ideas: the Ideas place's table settled with its rows, or its word
// that there are none yet. Sprout opens on Share an idea, so the page is sent there
// first, as a lead's first click would.
const SPROUT_READY = `(() => {
  if (location.hash !== "#/ideas") location.hash = "#/ideas";
  if (document.getElementById("ideas-table-empty")) return true;
  const table = document.getElementById("ideas-table");
  return !!table && table.getAttribute("aria-busy") === "false" && table.querySelector("tbody tr") !== null;
})()`;
const BLANK_READY = `document.getElementById("ready") !== null`;

/** A data folder with one person and `n` ideas of realistic text. */
function seeded(n) {
  const dir = mkdtempSync(path.join(os.tmpdir(), "sprout-bench-window-"));
  const env = { ...process.env };
  delete env.SPROUT_PASSPHRASE;
  execFileSync(release("sprout"), ["--data-dir", dir, "person", "start", "Bench Lead", "--site", "Hub"], { env });
  if (n > 0) execFileSync(release(path.join("examples", "seed_pipeline")), [dir, String(n)], { env });
  return dir;
}

/** Milliseconds from asking for a session (which launches the app) to `ready` holding
 *  on a painted frame, and the session, still open. */
async function launch(application, ready) {
  const started = performance.now();
  const app = await new Builder()
    .usingServer(`http://127.0.0.1:${DRIVER_PORT}/`)
    .withCapabilities({ browserName: "wry", "tauri:options": { application } })
    .build();
  const settled = await app.executeAsyncScript(`
    const finish = arguments[arguments.length - 1];
    const poll = () => {
      try { if (${ready}) return requestAnimationFrame(() => finish(true)); } catch (e) {}
      requestAnimationFrame(poll);
    };
    poll();`);
  if (!settled) throw new Error(`${application} never showed its page`);
  return { ms: performance.now() - started, app };
}

/** Every process whose executable is `exe`, and all their descendants. */
function processTree(exe) {
  const all = readdirSync("/proc").filter((p) => /^\d+$/.test(p));
  const parent = new Map();
  const roots = [];
  for (const pid of all) {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      parent.set(pid, stat.slice(stat.lastIndexOf(")") + 2).split(" ")[1]);
      if (readlinkSync(`/proc/${pid}/exe`) === exe) roots.push(pid);
    } catch {
      // Gone meanwhile, or not ours to read.
    }
  }
  const tree = new Set(roots);
  for (let grew = true; grew; ) {
    grew = false;
    for (const [pid, ppid] of parent) {
      if (!tree.has(pid) && tree.has(ppid)) {
        tree.add(pid);
        grew = true;
      }
    }
  }
  return [...tree];
}

const pssKiB = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      return sum + Number(/^Pss:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/smaps_rollup`, "utf8"))[1]);
    } catch {
      return sum;
    }
  }, 0);

// utime + stime, in clock ticks (100 a second on Linux).
const cpuTicks = (pids) =>
  pids.reduce((sum, pid) => {
    try {
      const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
      const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
      return sum + Number(fields[11]) + Number(fields[12]);
    } catch {
      return sum;
    }
  }, 0);

const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

function percentiles(times) {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q) => sorted[Math.min(sorted.length - 1, Math.round(q * (sorted.length - 1)))];
  return { p50: at(0.5), p95: at(0.95) };
}

/** Launch timings for `application`, then its memory and CPU after idling. */
async function measure(application, ready, env) {
  const driver = await startDriver(env);
  try {
    const times = [];
    for (let i = 0; i < LAUNCHES; i += 1) {
      const { ms, app } = await launch(application, ready);
      times.push(ms);
      if (i < LAUNCHES - 1) await app.quit();
      else {
        await sleep(IDLE_MS);
        const pids = processTree(application);
        const pss = pssKiB(pids);
        const before = cpuTicks(pids);
        await sleep(IDLE_MS);
        const cpu = (cpuTicks(processTree(application)) - before) / (IDLE_MS / 10);
        await app.quit();
        return { ...percentiles(times), pssMiB: pss / 1024, cpuPercent: cpu, processes: pids.length };
      }
    }
  } finally {
    await driver.stop();
  }
}

const rows = [];
const blank = await measure(BLANK, BLANK_READY, {});
rows.push(["blank Tauri 2 app (baseline)", blank]);
for (const n of [0, 300, IDEAS]) {
  const dir = seeded(n);
  try {
    rows.push([`Sprout, ${n.toLocaleString("en-GB")} ideas`, await measure(SPROUT, SPROUT_READY, { SPROUT_DATA_DIR: dir })]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
// How much of the difference is the way the window draws (see src-tauri/src/webview.rs):
// the blank app drawing as Sprout does, and Sprout drawing as WebKit would by default.
rows.push(["blank app, no GL compositing", await measure(BLANK, BLANK_READY, { WEBKIT_DISABLE_COMPOSITING_MODE: "1" })]);
{
  const dir = seeded(300);
  try {
    const env = { SPROUT_DATA_DIR: dir, SPROUT_WEBKIT_COMPOSITING: "on" };
    rows.push(["Sprout, 300, GL compositing", await measure(SPROUT, SPROUT_READY, env)]);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

console.log(`release builds, ${LAUNCHES} launches each; memory and CPU of the app and its WebKit processes after ${IDLE_MS / 1000} s idle`);
console.log("what                          first page p50 / p95 ms   ÷ blank p50 / p95   PSS MiB   ÷ blank   idle CPU % of a core");
for (const [what, m] of rows) {
  const ratio = `${(m.p50 / blank.p50).toFixed(2)} / ${(m.p95 / blank.p95).toFixed(2)}`;
  console.log(
    `${what.padEnd(30)}${m.p50.toFixed(0).padStart(8)} / ${m.p95.toFixed(0).padStart(5)}    ${ratio.padStart(12)}     ${m.pssMiB
      .toFixed(0)
      .padStart(7)}   ${(m.pssMiB / blank.pssMiB).toFixed(2).padStart(7)}   ${m.cpuPercent.toFixed(2).padStart(8)}   (${m.processes} processes)`,
  );
}
