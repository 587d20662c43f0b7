# SPDX-License-Identifier: LGPL-2.1-or-later
# Helpers for the definitions in attacks/ and legit/ (see README.md); sourced by run.sh.

# A random token NAME for this definition, made once and kept in $ESC_STATE.
secret() { # NAME
        [ -s "$ESC_STATE/secret.$1" ] || tr -d - </proc/sys/kernel/random/uuid >"$ESC_STATE/secret.$1"
        cat "$ESC_STATE/secret.$1"
}
# Whether the agent's output contains token NAME.
saw_secret() { # NAME
        [ -s "$ESC_STATE/secret.$1" ] && grep -qF "$(cat "$ESC_STATE/secret.$1")" <<<"$out"
}
# Run a command as USER (outside any sandbox).
as() { # USER CMD...
        local user=$1
        shift
        runuser -u "$user" -- "$@"
}
# Whether the outside listeners (env.sh) logged a line that contains STRING.
listener_saw() { # STRING
        grep -qF -- "$1" "$ESC_LOG" 2>/dev/null
}
# A file the sandbox must not have been able to create: whether it exists now. Removes it.
made() { # PATH
        local r=1
        [ -e "$1" ] || [ -L "$1" ] && r=0
        rm -rf -- "$1"
        return $r
}
now() { date +%s.%N; }

# Probes of the host's health while a resource attack runs; each keeps its log in $ESC_STATE
# and runs until its _stop.
_bg() { # NAME CMD... : run in the background, pid in $ESC_STATE/NAME.pid
        local name=$1
        shift
        setsid "$@" </dev/null >"$ESC_STATE/$name.log" 2>&1 &
        echo $! >"$ESC_STATE/$name.pid"
}
_bg_stop() { kill -- -"$(cat "$ESC_STATE/$1.pid" 2>/dev/null)" 2>/dev/null; true; }
# Another tenant (bob) starts a program every 0.3 s; "fail" if it could not within 5 s.
bob_probe_start() {
        _bg bob runuser -u bob -- bash -c 'while :; do if timeout 5 /bin/true; then echo "$(date +%s) ok"; else echo "$(date +%s) fail"; fi; sleep 0.3; done'
}
# Whether bob's probe failed, or stalled for more than 20 s.
bob_probe_failed() {
        grep -q fail "$ESC_STATE/bob.log" && return 0
        awk 'NR > 1 && $1 - prev > 20 { bad = 1 } { prev = $1 } END { exit !bad }' "$ESC_STATE/bob.log"
}
bob_probe_stop() { _bg_stop bob; }
# Another tenant's CPU-bound work: loop iterations per half second, with timestamps. It starts
# when the attack's command creates the file .esc/cpu.go in the workspace (it must then wait a few
# seconds for a baseline), so that it does not slow down every other step.
cpu_probe_start() {
        _bg cpu runuser -u bob -- python3 -c '
import os, sys, time
while not os.path.exists(sys.argv[1]):
    time.sleep(0.2)
while True:
    n, end = 0, time.time() + 0.5
    while time.time() < end:
        n += 1
    print("%.2f %d" % (time.time(), n), flush=True)' "$ESC_WS/.esc/cpu.go"
}
# Whether the probe ran at less than half its baseline (its median before START) between
# START+3 and END-1 (seconds).
cpu_probe_slowed() { # START END
        local b
        b=$(awk -v s="$1" '$1 < s { print $2 }' "$ESC_STATE/cpu.log" | sort -n | awk '{ v[NR] = $1 } END { print v[int((NR + 1) / 2)] + 0 }')
        awk -v s="$1" -v e="$2" -v b="$b" '$1 > s + 3 && $1 < e - 1 { sum += $2; n++ }
                END { printf "probe %.0f%% of its baseline %d (%d samples)\n", n && b ? 100 * sum / n / b : 0, b, n
                      exit !(n > 0 && b > 0 && sum / n < b / 2) }' "$ESC_STATE/cpu.log"
}
cpu_probe_stop() { _bg_stop cpu; }
# The free MiB of a file system every half second.
df_probe_start() { # PATH
        _bg df bash -c 'while :; do df -Pm "$1" | awk "NR == 2 { print \$4 }"; sleep 0.5; done' _ "$1"
        sleep 1
}
# Whether the free space fell by more than MIB below what it was at the start.
df_probe_dropped() { # MIB
        awk -v d="$1" 'NR == 1 { first = $1; min = $1 } $1 < min { min = $1 }
                END { printf "free MiB %d, lowest %d\n", first, min; exit !(first - min > d) }' "$ESC_STATE/df.log"
}
df_probe_stop() { _bg_stop df; }
# The profile's filesystem.tmp_size in bytes (the control run: default's).
tmp_size_bytes() {
        case $ESC_PROFILE in
        strict) echo $((256 << 20)) ;;
        offline) echo $((2 << 30)) ;;
        dev) echo $((4 << 30)) ;;
        *) echo $((1 << 30)) ;;
        esac
}
