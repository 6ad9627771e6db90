#!/usr/bin/env bash
# Installs what Sprout needs on Debian 12 / Ubuntu 22.04+ with Rust and Node already present:
# system packages, npm packages and, with --with-e2e, the test tools (tauri-driver for the
# end-to-end tests, moto, a real S3-compatible server, for the object-storage hub, and the
# Windows target with its MinGW compiler, to check the ward PCs' build).
# Idempotent: when everything is installed it only checks, in a second or two.
set -euo pipefail
cd "$(dirname "$0")/.."

with_e2e=false
[[ "${1:-}" == "--with-e2e" ]] && with_e2e=true

say() { printf '\033[1msetup:\033[0m %s\n' "$*"; }
die() { printf 'setup: %s\n' "$*" >&2; exit 1; }

command -v cargo >/dev/null || die "Rust is not installed: see https://rustup.rs, then run this again."
command -v node >/dev/null || die "Node.js 20.19 or newer is not installed."
node -e 'const [a,b]=process.versions.node.split(".").map(Number); process.exit(a>20||(a===20&&b>=19)?0:1)' \
  || die "Node.js $(node --version) is too old: Sprout's UI tools need 20.19 or newer."

# Build dependencies of Tauri on Linux (libappindicator3-dev does not exist on bookworm:
# the ayatana one replaces it).
packages=(libwebkit2gtk-4.1-dev libgtk-3-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev build-essential pkg-config file libxdo-dev patchelf)
$with_e2e && packages+=(xvfb xauth webkit2gtk-driver gcc-mingw-w64-x86-64 poppler-utils)

# shellcheck source=scripts/lib.sh
source scripts/lib.sh

sudo=""
[[ $(id -u) -ne 0 ]] && sudo="sudo"

missing=()
for p in "${packages[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  say "installing system packages: ${missing[*]}"
  log=$(mktemp -t sprout-apt.XXXXXX)
  if ! detached $sudo apt-get update -qq >"$log" 2>&1 ||
    ! detached $sudo env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq \
      --no-install-recommends "${missing[@]}" >>"$log" 2>&1; then
    tail -n 30 "$log" >&2
    die "installing system packages failed (full log: $log)"
  fi
  rm -f "$log"
fi

for component in rustfmt clippy; do
  cargo "${component/rustfmt/fmt}" --version >/dev/null 2>&1 || rustup component add "$component"
done

# Ward PCs run Windows: the tests check that build too. Bundled SQLite's C code needs the
# MinGW compiler above. Without rustup or its download server the check is skipped, saying so.
WINDOWS_TARGET=x86_64-pc-windows-gnu
if $with_e2e && ! rustup target list --installed 2>/dev/null | grep -qx "$WINDOWS_TARGET"; then
  say "adding the $WINDOWS_TARGET target (to check the Windows build)"
  rustup target add "$WINDOWS_TARGET" >/dev/null 2>&1 || say "could not add $WINDOWS_TARGET: the Windows check will be skipped"
fi

# npm leaves node_modules/.package-lock.json behind; newer than the lock file means current.
# Not `npm ci`: npm 11 rejects lock files it wrote itself over other platforms' optional
# packages (npm/cli#8805, #9846). `install --no-save` installs the locked versions and
# leaves package-lock.json alone.
if [[ ! -f node_modules/.package-lock.json || package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages"
  npm install --no-save --no-fund --no-audit --loglevel=error
fi

if $with_e2e && ! command -v tauri-driver >/dev/null; then
  say "installing tauri-driver"
  cargo install tauri-driver --version 2.1.0 --locked --quiet
fi

# moto's server speaks the S3 protocol, conditional puts included; pinned for repeatable
# runs, in a virtual environment of its own.
MOTO_VERSION=5.2.5
if $with_e2e && [[ "$("$TOOLS_DIR/moto/bin/python" -c 'import moto; print(moto.__version__)' 2>/dev/null)" != "$MOTO_VERSION" ]]; then
  say "installing moto $MOTO_VERSION (an S3-compatible server for the hub tests)"
  if ! python3 -m venv --clear "$TOOLS_DIR/moto" >/dev/null 2>&1; then
    detached $sudo apt-get install -y -qq --no-install-recommends python3-venv >/dev/null 2>&1 \
      || die "python3 -m venv does not work and python3-venv could not be installed"
    python3 -m venv --clear "$TOOLS_DIR/moto"
  fi
  "$TOOLS_DIR/moto/bin/pip" install --quiet --disable-pip-version-check "moto[server]==$MOTO_VERSION"
fi

# openpyxl writes the workbooks the import tests read and reads back what Sprout exports:
# spreadsheets made by someone else's code, as hubs' files are. Same virtual environment.
OPENPYXL_VERSION=3.1.5
if $with_e2e && [[ "$("$TOOLS_DIR/moto/bin/python" -c 'import openpyxl; print(openpyxl.__version__)' 2>/dev/null)" != "$OPENPYXL_VERSION" ]]; then
  say "installing openpyxl $OPENPYXL_VERSION (a third-party reader and writer of .xlsx for the tests)"
  "$TOOLS_DIR/moto/bin/pip" install --quiet --disable-pip-version-check "openpyxl==$OPENPYXL_VERSION"
fi
exit 0
