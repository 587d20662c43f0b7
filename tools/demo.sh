#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The main job, on a fresh Debian 12 machine as root: install what is needed, build the .deb,
# build (or reuse) a Debian 12 VM image, boot it under qemu, install the .deb there and show what a
# new admin sees (the generated units, their exposure scores, the groups and the agent), then run a
# real Claude Code task for alice in a sandbox against a local mock of the model API and show its
# journal as alice sees it.
set -eu
cd "$(dirname "$0")/.."
log() { printf '==> %s\n' "$*" >&2; }

if [ "${CCSBX_SKIP_DEPS:-0}" != 1 ]; then
        log "Installing build and VM dependencies (apt)"
        tools/install-deps.sh
fi

log "Building the .deb"
deb=$(tools/build-deb.sh build-deb | tail -n 1)
log "Built $deb"

log "Building or reusing the VM image (cached by a hash of its recipe; the .deb is installed at boot)"
image=$(tests/vm/build-image.sh --deb "$deb" | tail -n 1)

log "Booting Debian 12 under qemu (TCG, no network) and looking around"
payload=$(mktemp -d)
trap 'rm -rf "$payload"' EXIT
cp tests/vm/demo/run.sh "$payload/"
cp "$deb" "$payload/ccsbx.deb"
mkdir "$payload/e2e"
cp -r tests/e2e/mock-api.py tests/e2e/scripts "$payload/e2e/"
tests/vm/run-vm.sh --image "$image" --timeout 600 "$payload" | grep -v '^# guest'
