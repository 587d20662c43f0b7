#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite's report (tests/escape/report.sh) over scenarios 80-88, as "# report: " lines
# that the host keeps in its results directory (escape-report.md).
. "$(dirname "$0")/lib.sh"
results=/var/tmp/ccsbx-escape-results
for f in attacks-default attacks-strict attacks-control attacks-offline attacks-dev legit-default legit-strict; do
        [ -s "$results/$f.tsv" ]
        ok $? "results of $f are there"
done
bash "$(dirname "$0")/../../escape/report.sh" "$results" | sed 's/^/# report: /'
done_testing
