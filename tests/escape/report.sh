#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# The escape suite's report from run.sh's results: a table of every attack (verdict under each
# vendor profile and in the control run), the summary lines, the legitimate work.
#   report.sh RESULTS_DIR
set -u
results=$1
profiles=(default strict offline dev)
python3 - "$results" "${profiles[@]}" <<'PY'
import os, sys
results, profiles = sys.argv[1], sys.argv[2:]

def load(name):
    rows = {}
    path = os.path.join(results, name + ".tsv")
    if os.path.exists(path):
        for line in open(path, encoding="utf-8"):
            f = line.rstrip("\n").split("\t")
            if len(f) >= 5:
                rows[f[0]] = {"class": f[1], "verdict": f[2], "note": f[4]}
    return rows

att = {p: load("attacks-" + p) for p in profiles + ["control"]}
names = sorted(set().union(*[set(r) for r in att.values()]))
cls = {n: next(r[n]["class"] for r in att.values() if n in r) for n in names}
print("| attack | class | " + " | ".join(profiles) + " | control |")
print("|---|---|" + "---|" * (len(profiles) + 1))
word = {"blocked": "blocked", "escaped": "**ESCAPED**", "gap": "gap", "skip": "n/a", "FAILED": "**did not run**", "invalid": "**invalid**",
        "same": "as default", "same-strict": "as strict"}
for n in names:
    cells = [word.get(att[p].get(n, {}).get("verdict", "-"), "-") for p in profiles]
    c = att["control"].get(n, {}).get("verdict", "-")
    cells.append({"escaped": "works", "gap": "works", "blocked": "**blocked**"}.get(c, c))
    print(f"| {n} | {cls[n]} | " + " | ".join(cells) + " |")
print()
for p in profiles:
    r = att[p]
    applied = [n for n in r if r[n]["verdict"] not in ("skip", "same", "same-strict")]
    same = [n for n in r if r[n]["verdict"] in ("same", "same-strict")]
    blocked = [n for n in applied if r[n]["verdict"] == "blocked"]
    gaps = [n for n in applied if r[n]["verdict"] == "gap"]
    skipped = len(r) - len(applied) - len(same)
    print(f"- {p}: blocked {len(blocked)} of {len(applied)}" + (f", {len(gaps)} known gaps ({', '.join(sorted(gaps))})" if gaps else "")
          + (f", {skipped} not applicable" if skipped else "")
          + (f", {len(same)} as under default or strict (nothing they depend on differs)" if same else ""))
c = att["control"]
worked = [n for n in c if c[n]["verdict"] in ("escaped", "gap")]
print(f"- control (no sandbox): {len(worked)} of {len(c)} attacks worked")
gapnotes = {}
for p in profiles:
    for n, v in att[p].items():
        if v["verdict"] == "gap":
            gapnotes.setdefault(n, (v["note"], []))[1].append(p)
if gapnotes:
    print()
    print("Known gaps:")
    for n, (note, ps) in sorted(gapnotes.items()):
        print(f"- {n} ({', '.join(ps)}): {note}")
print()
for p in profiles:
    r = load("legit-" + p)
    if not r and p in ("offline", "dev"):
        print(f"- legitimate work under {p}: not run in the VM; its unit differs from default's and strict's "
              "only where they cover it (host test escape-coverage)")
        continue
    applied = [n for n in r if r[n]["verdict"] != "skip"]
    done = [n for n in applied if r[n]["verdict"] == "done"]
    print(f"- legitimate work under {p}: {len(done)} of {len(applied)}" + (f" ({len(r) - len(applied)} not applicable)" if len(r) > len(applied) else ""))
PY
