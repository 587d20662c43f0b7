#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (tests/escape): every attack, run by the real agent with no sandbox at all: each must work here, or it proves nothing.
# vm-timeout: 1200
exec bash "$(dirname "$0")/../../escape/scenario.sh" attacks control 1100
