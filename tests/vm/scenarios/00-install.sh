#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Install the package under test, as an admin would on a running host: the image is built from its
# recipe alone (so that a code change never rebuilds it) and the .deb comes on the payload disk.
# Every later scenario needs it: the guest runner stops if this fails.
. "$(dirname "$0")/lib.sh"
deb=$payload_dir/ccsbx.deb
check "the payload carries the .deb ($deb)" test -f "$deb" || { done_testing; exit; }
start=$(uptime_s)
# Offline: the image has the package's dependencies (build-image.sh --deb-depends).
check "apt-get install of the .deb succeeds offline" \
        env DEBIAN_FRONTEND=noninteractive apt-get install -y -q --no-install-recommends "$(realpath "$deb")"
echo "# installed in $(elapsed_since "$start")s"
check "dpkg says ccsbx is installed" sh -c 'dpkg-query -W -f "\${Status}" ccsbx | grep -qx "install ok installed"'
# The test users' groups, which the package's sysusers.d made just now.
usermod -a -G ccsbx alice && usermod -a -G ccsbx bob && usermod -a -G ccsbx,ccsbx-admin dave
ok $? "alice and bob are in group ccsbx, dave in ccsbx and ccsbx-admin"
done_testing
