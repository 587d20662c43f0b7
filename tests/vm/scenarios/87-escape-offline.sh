#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (tests/escape): the attacks, run by the real agent in ccsbx-escape-offline@alice:…: each must be blocked.
# Only the resource attacks: offline is default's but for the network mode, the limits and the size
# of /tmp, which scenario.sh checks first; the others run under default (scenario 80), and its
# network settings are strict's line for line (host test escape-coverage), so its network attacks
# come out as under strict (scenario 81).
# CCSBX_ESCAPE_ALL=1 on the host (tests/vm/suite.sh) runs them all here too.
# vm-timeout: 1800
exec bash "$(dirname "$0")/../../escape/scenario.sh" attacks offline 1700
