#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (tests/escape): every attack, run by the real agent in ccsbx-escape-strict@alice:…: each must be blocked.
# vm-timeout: 1800
exec bash "$(dirname "$0")/../../escape/scenario.sh" attacks strict 1700
