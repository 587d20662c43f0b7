# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can run a process tree of depth 4 with 66 processes (bash, xargs -P, python, sh) and wait for all of it.

class=legit
what="a process tree bash -> xargs -P 4 -> 16 python workers -> 3 sh leaves each (66 processes, depth 4), all waited for"
timeout=120
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 14-process-tree && cd 14-process-tree
mkdir records
cat > worker.py <<'PY'
# Level 3: started by xargs; starts its 3 sh leaves at once, then waits for all of them.
import os
import subprocess
import sys

w = int(sys.argv[1])
xargs = os.getppid()
with open(f"/proc/{xargs}/stat") as f:
    xargs_parent = int(f.read().rsplit(")", 1)[1].split()[1])
script = 'echo "leaf $1.$2 pid=$$ ppid=$PPID" > records/leaf-$1.$2'
leaves = [subprocess.Popen(["sh", "-c", script, "sh", str(w), str(i)]) for i in range(3)]
codes = [p.wait() for p in leaves]
with open(f"records/worker-{w}", "w") as f:
    f.write(f"worker {w} pid={os.getpid()} ppid={xargs} grandparent={xargs_parent} "
            f"leaves={','.join(str(p.pid) for p in leaves)} codes={','.join(map(str, codes))}\n")
sys.exit(1 if any(codes) else 0)
PY
echo "top pid=$BASHPID" > records/top
seq 1 16 | xargs -P 4 -n 1 python3 worker.py
python3 - <<'PY'
import glob
import re


def fields(path):
    return dict(re.findall(r"(\w+)=(\S+)", open(path).read()))


top = int(fields("records/top")["pid"])
workers = [fields(p) for p in glob.glob("records/worker-*")]
leaves = [fields(p) for p in glob.glob("records/leaf-*")]
xargs = {int(w["ppid"]) for w in workers}
assert len(xargs) == 1, "one xargs"
assert {int(w["grandparent"]) for w in workers} == {top}, "xargs is a child of the shell"
children = {int(w["pid"]): {int(p) for p in w["leaves"].split(",")} for w in workers}
assert all(int(l["pid"]) in children[int(l["ppid"])] for l in leaves), "leaves are their workers' children"
assert all(w["codes"] == "0,0,0" for w in workers), "every leaf exited 0"
pids = {top} | xargs | set(children) | {int(l["pid"]) for l in leaves}
print(f"workers: {len(workers)}, leaves completed: {len(leaves)}/48, processes in the tree: {len(pids)}, depth: 4")
PY
)
CMD
)

happened() {
        local d=$ESC_WS/14-process-tree o=${out//$'\r'/}
        [ "$rc" = 0 ] || return 1
        grep -qx 'workers: 16, leaves completed: 48/48, processes in the tree: 66, depth: 4' <<<"$o" || return 1
        [ -d "$d/records" ] || return 1
        # Rebuild the tree from the records, independently: shell -> one xargs -> 16 workers ->
        # 3 leaves each, 66 distinct processes, every leaf waited for and exited 0.
        python3 -I - "$d/records" <<'PY' || return 1
import os, re, sys

r = sys.argv[1]
names = sorted(os.listdir(r))
assert names == sorted(["top"] + [f"worker-{w}" for w in range(1, 17)]
                       + [f"leaf-{w}.{i}" for w in range(1, 17) for i in range(3)]), names
def fields(name):
    return dict(re.findall(r"(\w+)=(\S+)", open(os.path.join(r, name)).read()))
top = int(fields("top")["pid"])
workers = {w: fields(f"worker-{w}") for w in range(1, 17)}
assert len({w["ppid"] for w in workers.values()}) == 1
xargs = int(workers[1]["ppid"])
pids = {top, xargs}
for w, f in workers.items():
    assert int(f["grandparent"]) == top and f["codes"] == "0,0,0"
    kids = [int(p) for p in f["leaves"].split(",")]
    pids |= {int(f["pid"])} | set(kids)
    for i in range(3):
        text = open(os.path.join(r, f"leaf-{w}.{i}")).read()
        assert text == f"leaf {w}.{i} pid={kids[i]} ppid={f['pid']}\n", text
assert len(pids) == 66, len(pids)
PY
}
