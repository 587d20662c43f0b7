#!/usr/bin/python3
# SPDX-License-Identifier: LGPL-2.1-or-later
"""Count the checks in meson's testlog JSON files, per build, and print one closing line.

    summarize-tap.py TESTLOG.json...

tools/test-all.sh saves each meson test run as testlog-TAG.json; the tag names the build
(host, asan, valgrind-*, fuzz, vm), so that three runs of one check read as one check in three
builds, not as three checks. Every TAP line counts:
  - "ok" is passed; "ok ... # SKIP why" is skipped, never passed;
  - "not ok" is failed, "not ok ... # TODO" too (no check of ccsbx is allowed to fail);
  - a test that skipped as a whole ("1..0 # SKIP why", or exit status 77) is one skipped check;
  - a test whose meson result is not OK and that printed no "not ok" (it crashed, timed out,
    bailed out) is one failed check.
Every skipped check and every failed one (the first 50) is listed by name, then one line per build,
then the closing line "N passed, N failed, N skipped", always last. The exit status is 1 when
anything failed or was skipped: every check of ccsbx is required, and CI must not go green on a
check that never ran."""

import json
import os
import re
import sys

MAX_FAILED_LISTED = 50

# Log tag (testlog-TAG.json) -> build label. The valgrind runs are three meson invocations of one
# build, so they share a line.
BUILD_LABELS = {
        "host": "plain (host)",
        "asan": "ASan+UBSan (host)",
        "valgrind": "valgrind (host)",
        "valgrind-unit": "valgrind (host)",
        "valgrind-pam": "valgrind (host)",
        "valgrind-generator": "valgrind (host)",
        "fuzz": "fuzz",
        "vm": "VM",
}
# Lines in this order; anything else after them, in the order it was first seen.
LINE_ORDER = ["plain (host)", "meta", "ASan+UBSan (host)", "valgrind (host)", "fuzz", "VM", "escape (VM)"]

# "ok 12 - description # SKIP reason": meson's reading of a TAP line (directive case-insensitive,
# "SKIPPED" is a skip too).
RE_RESULT = re.compile(r"^(not ok|ok)\b\s*(\d*)\s*(?:-\s*)?(.*?)"
                       r"(?:\s*#\s*(skip\S*|todo)\b\s*(.*))?$", re.I)
RE_SKIP_ALL = re.compile(r"^1\.\.0\b(?:\s*#\s*skip\S*\b\s*(.*))?", re.I)
RE_BAIL_OUT = re.compile(r"^Bail out!\s*(.*)", re.I)
# meson names a test "project:suite1+suite2 / name" when the run has several suites.
RE_MESON_NAME = re.compile(r"^(?:[^\s:/]+:)?(\S+) / (.+)$")
# The escape scenarios and the legitimate-use controls that go with them.
RE_ESCAPE = re.compile(r"^vm-(8\d-(escape|legit)-.*|89-.*)$")


def build_label(path):
        tag = os.path.basename(path)
        if tag.endswith(".json"):
                tag = tag[:-len(".json")]
        if tag.startswith("testlog-"):
                return BUILD_LABELS.get(tag[len("testlog-"):], tag[len("testlog-"):])
        # Not one of test-all.sh's logs (e.g. a build dir's meson-logs/testlog.json): say which file.
        return path


def split_name(full):
        m = RE_MESON_NAME.match(full)
        if m:
                return m.group(1).split("+"), m.group(2)
        return [], full


def line_label(build, suites, name):
        if "meta" in suites:
                return "meta" if build == "plain (host)" else f"meta ({build})"
        if build == "VM" and RE_ESCAPE.match(name):
                return "escape (VM)"
        return build


class Summary:
        def __init__(self):
                self.counts = {}  # line label -> [passed, failed, skipped]
                self.failed = []  # "FAILED ..." lines
                self.skipped = []  # "SKIPPED ..." lines

        def add(self, label, passed=0, failed=0, skipped=0):
                c = self.counts.setdefault(label, [0, 0, 0])
                c[0] += passed
                c[1] += failed
                c[2] += skipped

        def fail(self, label, name, check):
                self.add(label, failed=1)
                self.failed.append(f"FAILED {label}: {name}: {check}")

        def skip(self, label, name, check, reason):
                self.add(label, skipped=1)
                self.skipped.append(f"SKIPPED {label}: {name}: {check} ({reason or 'no reason given'})")

        def test(self, build, t):
                suites, name = split_name(t.get("name") or "?")
                label = line_label(build, suites, name)
                out = t.get("stdout") or ""
                result = t.get("result")
                results = 0
                failed = 0
                bail_out = None
                skip_all = None
                for line in out.splitlines():
                        m = RE_RESULT.match(line)
                        if m:
                                results += 1
                                status, num, desc, directive, reason = m.groups()
                                check = desc.strip() or f"check {num or results}"
                                if status.lower() == "not ok":
                                        failed += 1
                                        self.fail(label, name, check)
                                elif directive and directive.lower().startswith("skip"):
                                        self.skip(label, name, check, reason.strip())
                                else:
                                        self.add(label, passed=1)
                                continue
                        m = RE_SKIP_ALL.match(line)
                        if m:
                                skip_all = (m.group(1) or "").strip() or "1..0"
                                continue
                        m = RE_BAIL_OUT.match(line)
                        if m and bail_out is None:
                                bail_out = m.group(1).strip() or "Bail out!"

                if skip_all is not None or (result == "SKIP" and results == 0):
                        reason = skip_all or f"meson result SKIP, exit status {t.get('returncode', '?')}"
                        self.skip(label, name, "whole test", reason)
                elif result == "OK" and results == 0:
                        # Not TAP (an exit-status test): one check, and it passed.
                        self.add(label, passed=1)
                if result not in ("OK", "SKIP", "EXPECTEDFAIL") and failed == 0:
                        # Crashed, timed out or exited non-zero without saying which check failed.
                        why = f"Bail out! {bail_out}" if bail_out else "no \"not ok\" line"
                        rc = t.get("returncode", "?")
                        self.fail(label, name, f"meson result {result}, exit status {rc} ({why})")

        def log(self, path):
                build = build_label(path)
                try:
                        with open(path, errors="replace") as f:
                                for lineno, line in enumerate(f, 1):
                                        if not line.strip():
                                                continue
                                        try:
                                                self.test(build, json.loads(line))
                                        except (ValueError, AttributeError) as e:
                                                self.fail(build, f"{path}:{lineno}",
                                                          f"not a meson test log entry: {e}")
                except OSError as e:
                        self.fail(build, path, f"cannot read the test log: {e.strerror}")

        def print(self):
                for line in self.skipped:
                        print(line)
                for line in self.failed[:MAX_FAILED_LISTED]:
                        print(line)
                if len(self.failed) > MAX_FAILED_LISTED:
                        print(f"... and {len(self.failed) - MAX_FAILED_LISTED} more")

                labels = [label for label in LINE_ORDER if label in self.counts]
                labels += [label for label in self.counts if label not in LINE_ORDER]
                width = max([len(label) for label in labels] + [20]) + 2
                digits = max(len(str(c[0])) for c in self.counts.values()) if self.counts else 1
                for label in labels:
                        p, f, s = self.counts[label]
                        print(f"{label:<{width}}{p:>{digits}} passed, {f} failed, {s} skipped")

                total = [sum(c[i] for c in self.counts.values()) for i in range(3)]
                print(f"{total[0]} passed, {total[1]} failed, {total[2]} skipped")
                return 1 if total[1] or total[2] else 0


def main(argv):
        if len(argv) < 2:
                print("usage: summarize-tap.py TESTLOG.json...", file=sys.stderr)
                return 2
        summary = Summary()
        for path in argv[1:]:
                summary.log(path)
        return summary.print()


if __name__ == "__main__":
        sys.exit(main(sys.argv))
