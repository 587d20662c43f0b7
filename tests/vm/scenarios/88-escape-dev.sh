#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (tests/escape): every attack, run by the real agent in ccsbx-escape-dev@alice:…: each must be blocked.
# vm-timeout: 1800
# Not part of the default run (the VM suite would take too long on two emulated CPUs): set
# CCSBX_ESCAPE_ALL=1 on the host (tests/vm/suite.sh) to run it; not a meson test of its own.
[ -e "$(dirname "$0")/../escape-all" ] || { echo "1..0 # SKIP set CCSBX_ESCAPE_ALL=1 to run the attacks under this profile"; exit 0; }
exec bash "$(dirname "$0")/../escape/scenario.sh" attacks dev
