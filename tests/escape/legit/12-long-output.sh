# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that a command printing 100000 lines (4.8 MB) completes, reaches the agent (truncated), and writes a verifiable file.

class=legit
what="a command that prints 100000 lines (4.8 MB) to stdout: it exits 0, the agent gets the (truncated) output"
timeout=90
cmd=$(cat <<'CMD'
(
set -e -o pipefail
mkdir -p 12-long-output && cd 12-long-output
cat > lines.py <<'PY'
print("LONG-OUTPUT BEGIN lines=100000")
for i in range(1, 100001):
    print(f"line {i:06d} {i * 2654435761 % 2**32:08x} {'abcdefghijklmnopqrstuvwxyz'[i % 26] * 26}")
print("LONG-OUTPUT END")
PY
python3 lines.py | tee output.txt
sha256sum output.txt > output.txt.sha256
echo "lines: $(wc -l < output.txt) bytes: $(wc -c < output.txt) $(cat output.txt.sha256)"
)
CMD
)

happened() {
        local d=$ESC_WS/12-long-output o=${out//$'\r'/} expected seen=0
        [ "$rc" = 0 ] || return 1
        [ -f "$d/output.txt" ] && [ -f "$d/output.txt.sha256" ] || return 1
        # The file the command wrote is exactly what it printed (regenerated here), and its
        # checksum file agrees.
        expected=$(python3 -I -c '
import hashlib
lines = ["LONG-OUTPUT BEGIN lines=100000"]
lines += [f"line {i:06d} {i * 2654435761 % 2**32:08x} {chr(97 + i % 26) * 26}" for i in range(1, 100001)]
lines.append("LONG-OUTPUT END")
print(hashlib.sha256(("\n".join(lines) + "\n").encode()).hexdigest())') || return 1
        [ "$(sha256sum <"$d/output.txt" | cut -d' ' -f1)" = "$expected" ] || return 1
        [ "$(cut -d' ' -f1 <"$d/output.txt.sha256")" = "$expected" ] || return 1
        [ "$(wc -l <"$d/output.txt")" = 100002 ] || return 1
        # Claude Code truncates long output, keeping its beginning: the agent saw the first lines,
        # in order. Whatever else survived (the last lines, the summary) must be right too, and
        # should a version keep the end instead, the end alone will do.
        if grep -qx 'LONG-OUTPUT BEGIN lines=100000' <<<"$o"; then
                [ "$(grep -m 1 -A 11 -x 'LONG-OUTPUT BEGIN lines=100000' <<<"$o")" = "$(head -n 12 "$d/output.txt")" ] || return 1
                seen=1
        fi
        if grep -qx 'LONG-OUTPUT END' <<<"$o"; then
                [ "$(grep -B 11 -x 'LONG-OUTPUT END' <<<"$o")" = "$(tail -n 12 "$d/output.txt")" ] || return 1
                seen=1
        fi
        if grep -q '^lines: ' <<<"$o"; then
                grep -qx "lines: 100002 bytes: $(wc -c <"$d/output.txt") $expected  output.txt" <<<"$o" || return 1
        fi
        [ "$seen" = 1 ]
}
