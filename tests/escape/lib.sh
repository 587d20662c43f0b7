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
# The attack's window: the "start T" and "end T" lines (date +%s.%N) its command printed; the
# whole probe log if it printed none (an attack that ended the agent).
_window() { # -> "START END"
        local s e
        s=$(sed -n 's/^start \([0-9.]*\)$/\1/p' <<<"$out" | head -n 1)
        e=$(sed -n 's/^end \([0-9.]*\)$/\1/p' <<<"$out" | head -n 1)
        echo "${s:-0} ${e:-9999999999}"
}
# Another tenant (bob) starts a program every 0.3 s; "fail" if it could not within 5 s.
bob_probe_start() {
        _bg bob runuser -u bob -- bash -c 'while :; do if timeout 5 /bin/true; then echo "$(date +%s) ok"; else echo "$(date +%s) fail"; fi; sleep 0.3; done'
}
# Whether bob's probe failed, or stalled for more than 20 s, in the attack's window.
bob_probe_failed() {
        local w
        w=$(_window)
        awk -v s="${w% *}" -v e="${w#* }" '$1 >= s - 1 && $1 <= e + 1 { if ($2 == "fail") bad = 1; if (n++ && $1 - prev > 20) bad = 1; prev = $1 }
                END { printf "bob'"'"'s probe: %d samples in the window%s\n", n, bad ? ", failed or stalled" : ""; exit !bad }' "$ESC_STATE/bob.log"
}
bob_probe_stop() { _bg_stop bob; }
# Another tenant's CPU-bound work: every half second, the share of a CPU it got (its CPU time
# over the wall time). It starts when the attack's command creates .esc/cpu.go in the workspace,
# so that it does not slow down every other step.
cpu_probe_start() {
        _bg cpu runuser -u bob -- python3 -c '
import os, sys, time
while not os.path.exists(sys.argv[1]):
    time.sleep(0.2)
while True:
    w0, c0 = time.time(), time.process_time()
    while time.time() < w0 + 0.5:
        pass
    w1, c1 = time.time(), time.process_time()
    print("%.2f %.3f" % (w1, (c1 - c0) / (w1 - w0)), flush=True)' "$ESC_WS/.esc/cpu.go"
}
# Whether the probe got less than half a CPU on average in the attack's window (after 3 s).
cpu_probe_slowed() {
        local w
        w=$(_window)
        awk -v s="${w% *}" -v e="${w#* }" '$1 > s + 3 && $1 < e - 1 { sum += $2; n++ }
                END { printf "bob'"'"'s CPU share: %.0f%% of a CPU (%d samples)\n", n ? 100 * sum / n : 0, n
                      exit !(n > 0 && sum / n < 0.5) }' "$ESC_STATE/cpu.log"
}
cpu_probe_stop() { _bg_stop cpu; }
# The free MiB of a file system every half second, with timestamps.
df_probe_start() { # PATH
        _bg df bash -c 'while :; do echo "$(date +%s.%N) $(df -Pm "$1" | awk "NR == 2 { print \$4 }")"; sleep 0.5; done' _ "$1"
        sleep 1
}
# Whether the free space fell by more than MIB during the attack's window.
df_probe_dropped() { # MIB
        local w
        w=$(_window)
        awk -v d="$1" -v s="${w% *}" -v e="${w#* }" '$1 >= s - 1 && $1 <= e + 1 { if (!n++) { first = $2; min = $2 } if ($2 < min) min = $2 }
                END { printf "free MiB %d, lowest %d (%d samples)\n", first, min, n; exit !(n > 0 && first - min > d) }' "$ESC_STATE/df.log"
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
