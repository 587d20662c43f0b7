#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Count TAP results in meson's testlog.json files and print one closing line.

Every "ok"/"not ok" line of every test counts; a test that skipped as a whole ("1..0 # SKIP") or
exited 77 is a failure when its suite is required, because CI must not go green on tests that
never ran. A test that crashed or timed out without TAP output counts as one failure."""

import json
import re
import sys

passed = failed = skipped = 0
for path in sys.argv[1:]:
    label = path.split("/")[-3] if path.count("/") >= 2 else path
    with open(path) as f:
        for line in f:
            t = json.loads(line)
            out = t.get("stdout") or ""
            oks = len(re.findall(r"^ok\b", out, re.M))
            noks = len(re.findall(r"^not ok\b", out, re.M))
            skips = re.search(r"^1\.\.0\b.*SKIP(.*)$", out, re.M)
            result = t.get("result")
            if skips or result == "SKIP":
                failed += 1
                skipped += 1
                print(f"FAIL (skipped, but required) {label}: {t['name']}{': ' + skips.group(1).strip() if skips else ''}")
                continue
            if result not in ("OK", "EXPECTEDFAIL") and noks == 0:
                noks = 1  # crashed, timed out or exited non-zero without saying which check failed
            if result not in ("OK", "EXPECTEDFAIL"):
                print(f"FAIL {label}: {t['name']} ({result})")
            passed += oks
            failed += noks
print(f"{passed} passed, {failed} failed" + (f", {skipped} skipped" if skipped else ""))
sys.exit(1 if failed else 0)
