#!/usr/bin/env bash
# Installs whatever is missing, then starts Sprout with live reload of the UI.
set -euo pipefail
cd "$(dirname "$0")/.."
bash scripts/setup.sh
exec npx tauri dev
