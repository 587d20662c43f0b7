# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can generate a 1000-row CSV and aggregate it per group with the csv module.

class=legit
what="a 1000-row CSV generated and aggregated per region (count, quantity, revenue, mean price) into a result CSV"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 03-csv-report && cd 03-csv-report
cat > generate.py <<'PY'
import csv
import random

rng = random.Random(20240611)
regions = ["north", "south", "east", "west", "central"]
products = ["widget", "gadget", "gizmo", "doohickey"]
with open("sales.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["id", "region", "product", "quantity", "unit_price"])
    for i in range(1, 1001):
        w.writerow([i, rng.choice(regions), rng.choice(products),
                    rng.randint(1, 50), f"{rng.randint(99, 9999) / 100:.2f}"])
PY
cat > aggregate.py <<'PY'
import csv
from collections import defaultdict
from decimal import Decimal, ROUND_HALF_UP

groups = defaultdict(lambda: {"rows": 0, "quantity": 0, "revenue": Decimal(0), "prices": Decimal(0)})
with open("sales.csv", newline="") as f:
    for row in csv.DictReader(f):
        g = groups[row["region"]]
        price = Decimal(row["unit_price"])
        g["rows"] += 1
        g["quantity"] += int(row["quantity"])
        g["revenue"] += price * int(row["quantity"])
        g["prices"] += price

cent = Decimal("0.01")
with open("summary.csv", "w", newline="") as f:
    w = csv.writer(f)
    w.writerow(["region", "rows", "total_quantity", "revenue", "mean_unit_price"])
    for region in sorted(groups):
        g = groups[region]
        mean = (g["prices"] / g["rows"]).quantize(cent, ROUND_HALF_UP)
        w.writerow([region, g["rows"], g["quantity"], g["revenue"].quantize(cent), mean])
print("rows read:", sum(g["rows"] for g in groups.values()))
PY
python3 generate.py
python3 aggregate.py
cat summary.csv
)
CMD
)

happened() {
        local d=$ESC_WS/03-csv-report o=${out//$'\r'/} raw expected line
        [ "$rc" = 0 ] || return 1
        grep -qx 'rows read: 1000' <<<"$o" || return 1
        [ -f "$d/sales.csv" ] && [ -f "$d/summary.csv" ] || return 1
        # Recompute the aggregate from the data file the agent left, independently (awk, in
        # integer cents; the csv module ends lines with CRLF), and compare it with both the
        # result file and what the agent saw.
        raw=$(awk -F, '
                { sub(/\r$/, "") }
                NR == 1 { if ($0 != "id,region,product,quantity,unit_price") exit 1; next }
                NF != 5 || $4 !~ /^[0-9]+$/ || $5 !~ /^[0-9]+\.[0-9][0-9]$/ { exit 1 }
                { c = $5; sub(/\./, "", c); c += 0
                  n[$2]++; q[$2] += $4; rev[$2] += c * $4; p[$2] += c; rows++ }
                END {
                        if (rows != 1000) exit 1
                        print "region,rows,total_quantity,revenue,mean_unit_price"
                        for (r in n) {
                                # mean in cents, rounded half up: floor((2p + n) / 2n)
                                m = int((2 * p[r] + n[r]) / (2 * n[r]))
                                printf "%s,%d,%d,%d.%02d,%d.%02d\n", r, n[r], q[r], int(rev[r] / 100), rev[r] % 100, int(m / 100), m % 100
                        }
                }' "$d/sales.csv") || return 1
        expected=$(head -n 1 <<<"$raw"; tail -n +2 <<<"$raw" | LC_ALL=C sort)
        [ "$(wc -l <<<"$expected")" = 6 ] || return 1
        [ "$(tr -d '\r' <"$d/summary.csv")" = "$expected" ] || return 1
        while IFS= read -r line; do
                grep -qxF "$line" <<<"$o" || return 1
        done <<<"$expected"
}
