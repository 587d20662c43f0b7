#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build the Debian package from this tree: tools/build-deb.sh [OUTDIR]
# Copies the tree (without build dirs) next to packaging/debian as ./debian, runs
# dpkg-buildpackage -us -uc -b and lintian, and leaves ccsbx_VERSION_ARCH.deb in OUTDIR
# (default: build-deb/). Prints the .deb's path as the last line.
set -eu
cd "$(dirname "$0")/.."
src=$PWD
out=$(realpath -m "${1:-$src/build-deb}")
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$out" "$work/ccsbx"
# Only what git tracks or would track: no build trees or caches in the source package.
git ls-files -co --exclude-standard -z | grep -zv '^build' | xargs -0 cp --parents -t "$work/ccsbx"
cp -r packaging/debian "$work/ccsbx/debian"
(cd "$work/ccsbx" && dpkg-buildpackage -us -uc -b >"$work/build.log" 2>&1) || {
        tail -n 40 "$work/build.log" >&2
        echo "dpkg-buildpackage failed" >&2
        exit 1
}
deb=$(ls "$work"/ccsbx_*.deb)
cp "$deb" "$out/"
deb=$out/$(basename "$deb")
if command -v lintian >/dev/null; then
        lintian --fail-on error,warning --suppress-tags-from-file /dev/null "$deb" >&2 || {
                echo "lintian reported problems" >&2
                exit 1
        }
fi
echo "$deb"
