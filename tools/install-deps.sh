#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install everything the build, the tests, the .deb and the VM need, on Debian 12, as root.
set -eu
cd "$(dirname "$0")/.."
export DEBIAN_FRONTEND=noninteractive
apt-get update -qq
# shellcheck disable=SC2046
apt-get install -y -qq --no-install-recommends \
        $(cat tools/build-deps.txt tools/deb-deps.txt tests/vm/host-deps.txt | grep -v '^#') >/dev/null
# npm fetches the real Claude Code for the VM image. Some machines carry a NodeSource nodejs that
# bundles npm and conflicts with Debian's npm package: install Debian's only when there is none.
if ! command -v npm >/dev/null; then
        apt-get install -y -qq --no-install-recommends nodejs npm >/dev/null
fi
