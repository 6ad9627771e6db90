#!/usr/bin/env bash
# Every performance figure Sprout publishes, measured in one run on this machine, each
# beside a baseline measured in the same run (the machine may be shared and noisy, so the
# ratios compare across runs, not the absolute times). Release builds throughout.
#
#   bash scripts/bench.sh            # 100 000 ideas; about 45 minutes on 2 cores
#   bash scripts/bench.sh cli sync   # only these parts (store, sync, region, cli, window)
#   SPROUT_BENCH_IDEAS=20000 bash scripts/bench.sh
#
# Idea text is realistic (sprout-benchtext: Zipf-drawn from 30 000 English words), which
# needs Debian's word list; it is installed here if missing.
set -euo pipefail
cd "$(dirname "$0")/.."
IDEAS=${SPROUT_BENCH_IDEAS:-100000}
RUNS=30
parts=${*:-store sync region cli window}
want() { [[ " $parts " == *" $1 "* ]]; }

if [[ ! -r /usr/share/dict/words ]]; then
  echo "bench: installing wamerican (the English word list the text is drawn from)"
  sudo=""; [[ $(id -u) -ne 0 ]] && sudo="sudo"
  $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq wamerican >/dev/null
fi

echo "# Sprout benchmarks, $(date -u +%F), $(nproc) cores, $(awk -F': ' '/model name/ {print $2; exit}' /proc/cpuinfo)"
cargo build -q --release -p sprout-cli
cargo build -q --release -p sprout-store --example seed_pipeline

if want store; then
  echo
  echo "## The store at $IDEAS ideas (cargo bench -p sprout-store --bench pipeline)"
  SPROUT_BENCH_IDEAS=$IDEAS cargo bench -q -p sprout-store --bench pipeline
fi

if want sync; then
  echo
  echo "## Sync (cargo bench -p sprout-sync --bench sync)"
  SPROUT_BENCH_OPS=$IDEAS cargo bench -q -p sprout-sync --bench sync
fi

if want region; then
  echo
  echo "## Sync at a region's scale (cargo bench -p sprout-sync --bench region)"
  # The same figures through S3, on moto (installed by scripts/setup.sh --with-e2e).
  source scripts/lib.sh
  if [[ -x "$TOOLS_DIR/moto/bin/moto_server" ]]; then
    moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
    (close_inherited_fds; exec "$TOOLS_DIR/moto/bin/moto_server" -H 127.0.0.1 -p "$moto_port") \
      >/dev/null 2>&1 </dev/null &
    moto_pid=$!
    trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
    for _ in $(seq 150); do
      curl -s -X PUT "http://127.0.0.1:$moto_port/sprout-bench" >/dev/null && break
      sleep 0.1
    done
    AWS_ACCESS_KEY_ID=bench AWS_SECRET_ACCESS_KEY=bench AWS_REGION=eu-west-2 \
      AWS_ENDPOINT="http://127.0.0.1:$moto_port" AWS_ALLOW_HTTP=true \
      SPROUT_BENCH_S3_URL=s3://sprout-bench/region \
      cargo bench -q -p sprout-sync --bench region --features object-store
  else
    echo "(moto is not installed: bash scripts/setup.sh --with-e2e; folder hubs only)"
    cargo bench -q -p sprout-sync --bench region
  fi
  echo
  echo "## A new PC joining a region of 2 000 members and 1 000 000 ops (cargo bench -p sprout-sync --bench newpc)"
  cargo bench -q -p sprout-sync --bench newpc
fi

if want window; then
  echo
  echo "## The window against a blank Tauri 2 app (scripts/bench-window.mjs), and the .deb"
  # WebDriver and a virtual display, as the end-to-end tests use them.
  command -v tauri-driver >/dev/null && command -v xvfb-run >/dev/null || bash scripts/setup.sh --with-e2e
  # The release app and its .deb, as a trust's IT team would get them, and the baseline.
  npx tauri build --bundles deb >/dev/null 2>&1 || npx tauri build --bundles deb
  bash scripts/deb-xz.sh
  cargo build -q --release -p sprout-blank-window
  deb=$(ls -t target/release/bundle/deb/*.deb | head -1)
  awk -v d="$(stat -c %s "$deb")" -v b="$(stat -c %s target/release/sprout-desktop)" 'BEGIN {
    printf "release .deb %.1f MB (target 16 MB), binary %.1f MB\n", d / 1e6, b / 1e6 }'
  xvfb-run -a -s "-screen 0 1366x768x24 -nolisten tcp" node scripts/bench-window.mjs "$IDEAS"
fi

want cli || exit 0
echo
echo "## The CLI as a whole process, $IDEAS ideas, $RUNS runs each"
data=$(mktemp -d -t sprout-bench.XXXXXX)
trap 'rm -rf "$data"' EXIT
cli=target/release/sprout
env -u SPROUT_PASSPHRASE "$cli" --data-dir "$data" person start "Bench Nurse" --site "Ward 7" >/dev/null
target/release/examples/seed_pipeline "$data" "$IDEAS" | sed 's/^/# /'
env -u SPROUT_PASSPHRASE python3 - "$cli" "$data" "$RUNS" <<'PY'
import os, random, sqlite3, subprocess, sys, time
cli, data, runs = sys.argv[1], sys.argv[2], int(sys.argv[3])
db = sqlite3.connect(f"{data}/sprout.db")
rng = random.Random(7)
rows = db.execute("SELECT title, problem FROM ideas").fetchall()
db.close()
picked = [rng.choice(rows) for _ in range(runs)]
# As typed into a search box: words that say something, not the glue between them.
glue = {"the", "and", "for", "with", "when", "are", "our", "patients", "staff", "ward"}
words = lambda text: [w for w in text.replace(".", " ").split() if len(w) >= 3 and w.lower() not in glue]

def timed(name, commands):
    took = []
    for args in commands:
        started = time.perf_counter()
        subprocess.run([cli, "--data-dir", data, *args], check=True, stdout=subprocess.DEVNULL)
        took.append((time.perf_counter() - started) * 1000)
    took.sort()
    p50, p95 = took[len(took) // 2], took[min(len(took) - 1, round(0.95 * (len(took) - 1)))]
    print(f"{name:<44} p50 {p50:6.1f} ms   p95 {p95:6.1f} ms")
    return p95

floor = timed("sprout --version (baseline: start and exit)", [["--version"]] * runs)
timed("sprout idea search (two words from a title)", [["idea", "search", " ".join(words(t)[:2])] for t, _ in picked])
timed("sprout idea similar (a title and its problem)", [["idea", "similar", "--title", t, "--problem", p] for t, p in picked])
timed("sprout idea list --json --limit 50", [["idea", "list", "--json", "--limit", "50"]] * runs)
timed("sprout idea add", [["idea", "add", "--title", f"Bench {k} {t}"[:200], "--problem", p] for k, (t, p) in enumerate(picked)])
# The board pack for the last 12 months (ideas are spread over 4 years): typesetting is the
# cost, so 3 runs, with what it listed and the most memory a run held.
import json, resource
pack = f"{data}/board.pdf"
timed("sprout report board (12 months, 3 runs)", [["report", "board", "--out", pack]] * 3)
made = json.loads(subprocess.run([cli, "--data-dir", data, "report", "board", "--out", pack, "--json"], check=True, capture_output=True).stdout)
peak = resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss / 1024
print(f"  the pack: {made['pages']} pages, {made['ideas']} ideas in its appendix, {os.path.getsize(pack) / 1e6:.1f} MB; most memory a CLI run held {peak:.0f} MB")
PY
