#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite (tests/escape): legitimate work, done by the real agent in ccsbx-escape-default@alice:…: all of it must succeed.
# vm-timeout: 1200
exec bash "$(dirname "$0")/../../escape/scenario.sh" legit default 1100
