#!/usr/bin/env bash
# Repacks the .deb tauri made (its data gzip-compressed) with xz -9: the same files and
# control data, about 5 MB smaller now the board pack's typesetter is built in. dpkg has
# read xz-compressed packages since Debian 6.
#
#   npx tauri build --bundles deb && bash scripts/deb-xz.sh
set -euo pipefail
cd "$(dirname "$0")/.."
deb=$(ls target/release/bundle/deb/*.deb)
work=$(mktemp -d -t sprout-deb.XXXXXX)
trap 'rm -rf "$work"' EXIT
dpkg-deb --raw-extract "$deb" "$work/root"
before=$(stat -c %s "$deb")
dpkg-deb --root-owner-group -Zxz -z9 --build "$work/root" "$work/sprout.deb" >/dev/null
mv "$work/sprout.deb" "$deb"
echo "$deb: $((before / 1024)) KiB with gzip, $(($(stat -c %s "$deb") / 1024)) KiB with xz"
