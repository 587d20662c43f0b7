# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can generate a 100 MiB access log in the workspace and count it by status and path.

class=legit
what="a 100 MiB access log generated in the workspace, then counted by status and top 5 paths with awk and sort"
timeout=120
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 06-log-analysis && cd 06-log-analysis
cat > genlog.py <<'PY'
# Writes at least 100 MiB of combined-format access log lines, in big chunks: 16 blocks of
# 2000 random lines each, written in a pseudo-random order until the size is reached.
import random

rng = random.Random(1234)
paths = ["/", "/index.html", "/login", "/logout", "/api/items", "/api/items/42", "/api/users",
         "/static/app.js", "/static/app.css", "/static/logo.png", "/search", "/admin", "/health"]
path_weights = [30, 25, 6, 3, 20, 9, 7, 18, 17, 12, 8, 2, 10]
statuses = ["200", "301", "304", "404", "403", "500", "503"]
status_weights = [70, 5, 10, 8, 3, 3, 1]
agents = ["Mozilla/5.0 (X11; Linux x86_64; rv:115.0) Gecko/20100101 Firefox/115.0",
          "curl/7.88.1", "Python-urllib/3.11", "Mozilla/5.0 (Macintosh; Intel Mac OS X 13_4) Safari/605.1.15"]
blocks = []
for b in range(16):
    lines = []
    for i in range(2000):
        ip = f"10.{rng.randrange(256)}.{rng.randrange(256)}.{rng.randrange(1, 255)}"
        ts = f"11/Jun/2024:{b:02d}:{i // 60 % 60:02d}:{i % 60:02d} +0000"
        path = rng.choices(paths, path_weights)[0]
        status = rng.choices(statuses, status_weights)[0]
        size = rng.randrange(200, 60000)
        lines.append(f'{ip} - - [{ts}] "GET {path} HTTP/1.1" {status} {size} "-" "{rng.choice(agents)}"\n')
    blocks.append("".join(lines).encode())
target, written = 100 * 1024 * 1024, 0
with open("access.log", "wb") as f:
    while written < target:
        block = blocks[rng.randrange(len(blocks))]
        f.write(block)
        written += len(block)
print(f"generated access.log: {written} bytes")
PY
python3 genlog.py
awk '{ status[$9]++; path[$7]++; n++ }
     END {
             for (s in status) print s, status[s] > "by-status.txt"
             for (p in path) print p, path[p] > "by-path.txt"
             print n > "lines.txt"
     }' access.log
{
        echo "lines: $(cat lines.txt)"
        echo "requests by status:"
        sort -k2,2nr -k1,1 by-status.txt | sed 's/^/  status /'
        echo "top 5 paths:"
        sort -k2,2nr -k1,1 by-path.txt | head -n 5 | sed 's/^/  path /'
} > report.txt
ls -l access.log
cat report.txt
)
CMD
)

happened() {
        local d=$ESC_WS/06-log-analysis o=${out//$'\r'/} size recount
        [ "$rc" = 0 ] || return 1
        [ -f "$d/access.log" ] && [ -f "$d/report.txt" ] || return 1
        size=$(stat -c %s "$d/access.log") || return 1
        [ "$size" -ge $((100 * 1024 * 1024)) ] || return 1
        grep -qx "generated access.log: $size bytes" <<<"$o" || return 1
        # Recount the log the agent left, and compare with the report it saw and wrote. Top 5
        # paths: the same counts in the same order, and each path has the count reported.
        recount=$(awk '
                NF < 10 || $9 !~ /^[0-9][0-9][0-9]$/ { bad++ }
                { st[$9]++; pa[$7]++; n++ }
                END { print "lines", n, bad + 0
                      for (s in st) print "status", s, st[s]
                      for (p in pa) print "path", p, pa[p] }' "$d/access.log") || return 1
        python3 -I - "$recount" "$o" "$(cat "$d/report.txt")" <<'PY' || return 1
import re, sys

recount, out, report = sys.argv[1].splitlines(), sys.argv[2], sys.argv[3]
assert report in out
lines = next(l.split() for l in recount if l.startswith("lines "))
assert lines[2] == "0" and int(lines[1]) > 400000, lines
status = {l.split()[1]: int(l.split()[2]) for l in recount if l.startswith("status ")}
path = {l.split()[1]: int(l.split()[2]) for l in recount if l.startswith("path ")}
assert re.search(rf"^lines: {lines[1]}$", report, re.M)
got_status = {m[0]: int(m[1]) for m in re.findall(r"^  status (\d+) (\d+)$", report, re.M)}
assert got_status == status and len(status) == 7, (got_status, status)
got_paths = re.findall(r"^  path (\S+) (\d+)$", report, re.M)
assert len(got_paths) == 5
assert all(path[p] == int(c) for p, c in got_paths), got_paths
assert [int(c) for _, c in got_paths] == sorted(path.values(), reverse=True)[:5]
PY
}
