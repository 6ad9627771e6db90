#!/usr/bin/env bash
# Installs whatever is missing, then runs every gate and test: formatting, lints, type
# checks, generated bindings, Rust tests, UI unit tests and the end-to-end tests that drive
# the real app under Xvfb. Stops at the first failure.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

step() { printf '\n\033[1;34m==> %s\033[0m\n' "$*"; }

bash scripts/setup.sh --with-e2e

step "UI build (the desktop crate embeds ui/dist)"
npm run build --silent

step "cargo fmt"
cargo fmt --all --check

step "cargo clippy"
cargo clippy --workspace --all-targets --all-features --locked -- -D warnings

step "The Windows build (ward PCs run Windows) compiles, with no lint warnings"
if rustup target list --installed 2>/dev/null | grep -qx x86_64-pc-windows-gnu; then
  cargo clippy --workspace --target x86_64-pc-windows-gnu --locked -- -D warnings
else
  echo "skipped: the x86_64-pc-windows-gnu target is not installed (scripts/setup.sh could not add it)"
fi

step "crates/ stay free of tauri, wry and webkit"
for crate in sprout-core sprout-store sprout-sync sprout-app sprout-report sprout-cli; do
  if cargo tree -p "$crate" --all-features --locked -e normal,build | grep -Ei '\b(tauri|wry|webkit)'; then
    echo "$crate depends on the desktop shell" >&2
    exit 1
  fi
done

step "A real S3-compatible server (moto) for the object-storage hub tests"
# shellcheck source=scripts/lib.sh
source scripts/lib.sh
moto_port=$(python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
moto_log=$(mktemp -t sprout-moto.XXXXXX)
(close_inherited_fds; exec "$TOOLS_DIR/moto/bin/moto_server" -H 127.0.0.1 -p "$moto_port") \
  >"$moto_log" 2>&1 </dev/null &
moto_pid=$!
trap 'kill "$moto_pid" 2>/dev/null || true' EXIT
"$TOOLS_DIR/moto/bin/python" - "$moto_port" <<'PY' || { cat "$moto_log" >&2; exit 1; }
import sys, time, urllib.request
bucket = f"http://127.0.0.1:{sys.argv[1]}/sprout-test"
for _ in range(150):
    try:
        urllib.request.urlopen(urllib.request.Request(bucket, method="PUT"), timeout=2)
        break
    except OSError:
        time.sleep(0.1)
else:
    sys.exit("moto did not start")
PY
echo "moto listening on 127.0.0.1:$moto_port with bucket sprout-test"
export AWS_ACCESS_KEY_ID=sprout-test AWS_SECRET_ACCESS_KEY=sprout-test AWS_REGION=eu-west-2 \
  AWS_ENDPOINT="http://127.0.0.1:$moto_port" AWS_ALLOW_HTTP=true \
  SPROUT_TEST_S3_URL=s3://sprout-test/run SPROUT_REQUIRE_ALL_TESTS=1 \
  SPROUT_TEST_PYTHON="$TOOLS_DIR/moto/bin/python"

step "Rust tests: core, store, sync, app, CLI (no webkit needed)"
cargo test --workspace --exclude sprout-desktop --exclude sprout-blank-window --all-features --locked

step "The patient-data guard's recall and false alarms on its corpus"
cargo test -p sprout-core --test pid_corpus --locked -- --nocapture every_identifier 2>&1 | grep -E "patient-data guard|recall|any kind"

step "Rust tests: desktop shell, including 'bindings are current'"
cargo test -p sprout-desktop --locked

step "TypeScript and Svelte checks"
npm run check --silent

step "UI unit tests"
npm test --silent

step "Desktop app with the UI embedded"
npx tauri build --debug --no-bundle
cargo build -p sprout-cli --locked

step "End-to-end tests under Xvfb"
xvfb-run -a -s "-screen 0 1280x800x24 -nolisten tcp" npm run e2e --silent
