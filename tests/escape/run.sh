#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Run one set of definitions (attacks or legit, see README.md) under one profile, in the test VM,
# as root, with env.sh's environment up:
#   run.sh SET PROFILE RESULTS_DIR
# PROFILE is a vendor profile (default, strict, offline, dev: the agent runs in
# ccsbx-escape-PROFILE@alice:…) or "control" (the same agent as alice with no sandbox at all).
# Every applicable definition becomes one Bash tool call of the real agent, in order, in as few
# agent runs as possible: when a step ends the agent (an attack that kills it, a limit), the next
# run starts at the following step. Verdicts come batch by batch (also as "# NAME: VERDICT"). Writes RESULTS_DIR/SET-PROFILE.tsv: name, class, verdict,
# seconds, note; verdicts: escaped, blocked, gap (escaped, a known gap), done, FAILED, skip.
set -u
here=$(cd "$(dirname "$0")" && pwd)
set=$1 profile=$2 results=$3
. "$here/lib.sh"
export ESC_PROFILE=$profile
mode=control
if [ "$profile" != control ]; then
        mode=$(profile_value network.mode) || { echo "run.sh: no profile escape-$profile" >&2; exit 2; }
fi
export ESC_MODE=$mode ESC_LOG=/srv/ccsbx-escape/listeners.log
tag=$set-$profile
work=$results/$tag
rm -rf "$work"
mkdir -p "$work/state"
tsv=$results/$tag.tsv
: >"$tsv"
export ESC_WS=/home/alice/esc-ws
rm -rf "$ESC_WS"
runuser -u alice -- mkdir -p "$ESC_WS"

# The applicable definitions, in order; each one's setup.
names=() classes=() ends=()
setup_start=$(now)
run_start=$setup_start
only=$(cat "$here/../escape-only" 2>/dev/null) # CCSBX_ESCAPE_ONLY on the host: a grep -E pattern, for development
drop=$(cat "$here/../escape-drop" 2>/dev/null)
# Attacks under offline and dev: these profiles are default's but for the network mode, the limits
# and the size of /tmp (scenario.sh checks that in their profiles and units), so only the network
# and resource attacks can come out differently there; the others are default's (scenario 80).
# CCSBX_ESCAPE_ALL=1 on the host runs them all.
like_default=
if [ "$set" = attacks ] && { [ "$profile" = offline ] || [ "$profile" = dev ]; } && [ ! -e "$here/../escape-all" ]; then
        like_default=1
fi
# The attacks' workspace is a git repository (attacks on .git/hooks and .git/config need one); made
# here, not in their setups, which run in parallel.
[ "$set" = attacks ] && runuser -u alice -- git init -q "$ESC_WS"
# One subshell per definition (forks are slow on emulated CPUs): whether it applies, its setup, then
# its command (it may embed the tokens setup made) and time bound; three at a time (setups wait on
# sleeps and on runuser's PAM session as much as on the two CPUs), results kept in order.
# Whether the escape unit of this profile has the lines of each KEY= that escape-default's has, in
# the same order (a missing unit never does). A memory limit counts as what can bind: at most the
# machine's memory (MemorySwapMax=: its swap), as the cgroup can never hold more.
same_lines_as_default() { # KEY...
        local keys=$1 gen=/run/systemd/generator k a b
        shift
        for k; do keys+="|$k"; done
        lines_of() { # UNIT
                [ -e "$1" ] || return 1
                grep -E "^($keys)=" "$1" | awk -v mem="$(awk '$1 == "MemTotal:" { print $2 * 1024 }' /proc/meminfo)" \
                        -v swap="$(awk '$1 == "SwapTotal:" { print $2 * 1024 }' /proc/meminfo)" '
                        function bytes(v, cap,   n, u) {
                                if (v == "infinity") return cap
                                if (v ~ /^[0-9.]+%$/) return int(mem * v / 100)
                                n = v + 0; u = substr(v, length(v))
                                if (u == "K") n *= 2^10; else if (u == "M") n *= 2^20; else if (u == "G") n *= 2^30; else if (u == "T") n *= 2^40
                                return n
                        }
                        {
                                k = $0; sub(/=.*/, "", k); v = substr($0, length(k) + 2)
                                cap = k == "MemorySwapMax" ? swap : mem
                                if (k ~ /^Memory(Max|High|SwapMax)$/ && v ~ /^([0-9.]+[KMGT]?|[0-9.]+%|infinity)$/) {
                                        b = bytes(v, cap); if (b > cap) b = cap
                                        printf "%s=%.0f (bytes that can bind)\n", k, b
                                } else print
                        }'
        }
        a=$(lines_of "$gen/ccsbx-escape-$profile@.service") || return 1
        b=$(lines_of "$gen/ccsbx-escape-default@.service") || return 1
        [ "$a" = "$b" ]
}
setup_one() { # DEF
        . "$1"
        if declare -F applies >/dev/null && ! applies; then
                echo "skip $class"
                return
        fi
        if [ -n "$like_default" ] && [ "$class" != network ] && [ "$class" != resources ]; then
                echo "same $class"
                return
        fi
        # offline's network settings are strict's, line for line (host test escape-coverage): its
        # network attacks come out as under strict (scenario 81).
        if [ -n "$like_default" ] && [ "$profile" = offline ] && [ "$class" = network ]; then
                echo "same-strict $class"
                return
        fi
        # A resource attack whose outcome only the unit lines in its depends= decide, where they are
        # default's line for line: it comes out as under default (scenario 80).
        if [ -n "$like_default" ] && [ "$class" = resources ] && [ -n "${depends:-}" ] && same_lines_as_default $depends; then
                echo "same-lines $class"
                return
        fi
        if declare -F setup >/dev/null && ! setup >"$ESC_STATE/setup.log" 2>&1; then
                echo "# $(basename "$1" .sh): setup failed: $(tail -n 3 "$ESC_STATE/setup.log")" >&2
                # No verdict can be earned on an attack whose bait was never laid.
                touch "$ESC_STATE/setup.failed"
        fi
        # The step's evidence that it ran: its command computes A^B and prints it and
        # writes it into the workspace; the value itself appears nowhere in the command, so
        # neither an echo of the command nor an agent that never ran it can produce it.
        local a=$SRANDOM b=$SRANDOM
        echo $((a ^ b)) >"$ESC_STATE/nonce"
        printf '%s' "$cmd" >"$ESC_STATE/cmd"
        echo "${timeout:-30}" >"$ESC_STATE/timeout"
        step_wrapper "$(basename "$1" .sh)" "$a" "$b" "${timeout:-30}" "$cmd" >"$ESC_STATE/wrapped"
        # CCSBX_ESCAPE_DROP on the host (a planted fault): the agent never runs this step.
        if [ -n "$drop" ] && [[ $(basename "$1" .sh) =~ $drop ]]; then
                echo "echo 'step $(basename "$1" .sh) dropped (CCSBX_ESCAPE_DROP)'" >"$ESC_STATE/wrapped"
        fi
        echo "run $class ${ends_agent:-0}"
}
# Forks are what costs on emulated CPUs (a few per definition add up to seconds): times from
# $EPOCHREALTIME, a count of running jobs rather than asking jobs(1).
usecs() { REPLY=${EPOCHREALTIME//[.,]/}; }
tenths() { REPLY="$(($1 / 1000000)).$(($1 / 100000 % 10))"; } # USECS -> "S.T"
defs=()
running=0
for def in "$here/$set"/[0-9]*.sh; do
        name=${def##*/}
        name=${name%.sh}
        [ -n "$only" ] && ! [[ $name =~ $only ]] && continue
        defs+=("$name")
        export ESC_STATE=$work/state/$name
        [ "$running" -lt 3 ] || { wait -n; running=$((running - 1)); }
        (usecs; s0=$REPLY; mkdir -p "$ESC_STATE"; setup_one "$def" >"$ESC_STATE/setup.r" 2>&1
         usecs; tenths $((REPLY - s0)); echo "$REPLY" >"$ESC_STATE/setup.secs") &
        running=$((running + 1))
done
wait
running=0
for name in "${defs[@]}"; do
        r=
        IFS= read -r -d '' r <"$work/state/$name/setup.r"
        r=${r%$'\n'}
        case $r in
        "same-strict "*)
                printf '%s\t%s\tsame-strict\t0\tas under strict: its network settings are strict'"'"'s\n' "$name" "${r#same-strict }" >>"$tsv"
                continue ;;
        "same-lines "*)
                printf '%s\t%s\tsame\t0\tas under default: the unit lines it depends on are default'"'"'s\n' "$name" "${r#same-lines }" >>"$tsv"
                continue ;;
        "same "*)
                printf '%s\t%s\tsame\t0\tas under default: nothing it depends on differs\n' "$name" "${r#same }" >>"$tsv"
                continue ;;
        "skip "*)
                printf '%s\t%s\tskip\t0\tdoes not apply here\n' "$name" "${r#skip }" >>"$tsv"
                continue ;;
        *"run "*) ;;
        *)
                printf '%s\t%s\tFAILED\t0\tnot set up: %s\n' "$name" "?" "$(tr '\n\t' '  ' <<<"$r" | cut -c1-200)" >>"$tsv"
                continue ;;
        esac
        [ "${r%run *}" = "" ] || printf '%s\n' "${r%run *}"
        r=${r##*run }
        names+=("$name")
        classes+=("${r% *}")
        ends+=("${r#* }")
done
# The three longest of FILE (seconds) in the state dirs of DEFS.
longest() { # FILE DEFS...
        local f=$1 d t
        shift
        for d; do [ -e "$work/state/$d/$f" ] && read -r t <"$work/state/$d/$f" && echo "$t $d"; done |
                sort -rn | head -n 3 | tr '\n' ' '
}
echo "# $tag: setup of ${#names[@]} definitions took $(awk -v a="$setup_start" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')s;" \
        "longest: $(longest setup.secs "${defs[@]}")"

# The agent's script for groups FIRST.. (see below): one model turn per group, one Bash tool call
# per definition in it: a begin marker, the command under timeout, its status and times kept in
# the workspace (.esc/NAME.rc, .t: written only if the command came back), an end marker; then
# a closing text. Prints the sum of the time bounds.
write_script() { # FILE FIRST
        local k list=()
        for ((k = $2; k < ${#groups[@]}; k++)); do
                local one=() j
                for j in ${groups[$k]}; do one+=("${names[$j]}"); done
                list+=("${one[*]}")
        done
        python3 - "$1" "$work/state" "${list[@]}" <<'PY'
import json, os, shlex, sys
path, state, groups = sys.argv[1], sys.argv[2], sys.argv[3:]
turns, total = [], 0
for group in groups:
    calls = []
    for name in group.split():
        timeout = int(open(f"{state}/{name}/timeout").read())
        wrapped = open(f"{state}/{name}/wrapped").read()
        total += timeout + 15
        calls.append({"name": "Bash", "input": {"command": wrapped, "description": name,
                                                "timeout": (timeout + 30) * 1000}})
    turns.append({"tool_use": calls})
turns.append({"text": "All steps ran."})
with open(path + ".tmp", "w") as f:
    json.dump(turns, f)
os.chmod(path + ".tmp", 0o644)
os.rename(path + ".tmp", path)
print(total)
PY
}

# Model turns: up to 6 attacks a turn as parallel tool calls (each still its own Bash call, with its
# own result), but resource and control attacks alone, since they may end the agent: a turn that
# does not come back loses the results of all its calls. Legitimate work one piece a turn: it is
# heavy, and under strict's one CPU six at once would each take six times as long.
per_turn=6
[ "$set" = legit ] && per_turn=1
# A step known to end the agent (ends_agent=1: a fork bomb, killing the relay) goes last, so that
# fewer agent runs are needed.
groups=()
cur=
last_ones=()
for ((j = 0; j < ${#names[@]}; j++)); do
        if [ "${ends[$j]}" = 1 ]; then
                last_ones+=("$j")
                continue
        fi
        case ${classes[$j]} in
        resources | control)
                [ -n "$cur" ] && groups+=("$cur")
                groups+=("$j")
                cur= ;;
        *)
                cur="${cur:+$cur }$j"
                [ "$(wc -w <<<"$cur")" -ge "$per_turn" ] && { groups+=("$cur"); cur=; } ;;
        esac
done
[ -n "$cur" ] && groups+=("$cur")
for j in "${last_ones[@]}"; do groups+=("$j"); done

# The tool results the mock received for MODEL, in order, as JSON lines; and the highest turn
# it handed out (-1: none).
mock_log_path() { # MODEL
        mock_log_of "$1" "$task"
}
mock_log_for() { # MODEL
        cat "$(mock_log_of "$1" "$task")" 2>/dev/null
}
results_of() { # MODEL
        mock_log_for "$1" | python3 -c '
import json, sys
for line in sys.stdin:
    e = json.loads(line)
    if e.get("model") == sys.argv[1] and e.get("kind") == "main":
        for r in e.get("tool_results") or []:
            print(json.dumps(r["content"]))' "$1"
}
last_turn() { # MODEL
        mock_log_for "$1" | python3 -c '
import json, sys
last = -1
for line in sys.stdin:
    e = json.loads(line)
    if e.get("model") == sys.argv[1] and e.get("kind") == "main" and isinstance(e.get("turn"), int):
        last = max(last, e["turn"])
print(last)' "$1"
}

# While the agent runs: "# step NAME: began", "…: Ns" as each step begins and ends (from its
# wrapper's files in the workspace), so that a slow or stuck step shows in the VM's log at once.
# A step in ENDING (ends_agent=1) that came back 60 s ago without the agent asking for its next
# turn left it hung rather than dead (a fork bomb can leave it without the threads it needs):
# stop it, so that the next batch starts instead of this one waiting out its time.
watch_steps() { # MODEL ENDING
        local seen_go=" " seen_t=" " f n i=0 e age
        # Steps of earlier batches are not news.
        for f in "$ESC_WS"/.esc/*.t; do
                [ -e "$f" ] || continue
                n=${f##*/}
                n=${n%.t}
                seen_go="$seen_go$n " seen_t="$seen_t$n "
        done
        while :; do
                # Every minute: how far the agent got (its requests to the model), what it logged last.
                if [ $((++i % 30)) = 0 ]; then
                        echo "# agent: $(mock_log_for "$1" | grep -c "\"model\": \"$1\"") requests to the model;" \
                                "last logged: $(journalctl -b -n 1 --no-pager -o cat ${ESC_UNIT:+-u "$ESC_UNIT"} 2>/dev/null | cut -c1-200)"
                fi
                for f in "$ESC_WS"/.esc/*.go; do
                        [ -e "$f" ] || continue
                        n=${f##*/}
                        n=${n%.go}
                        case $seen_go in *" $n "*) ;; *) echo "# step $n: began"; seen_go="$seen_go$n " ;; esac
                        case $seen_t in *" $n "*) continue ;; esac
                        [ -e "$ESC_WS/.esc/$n.t" ] || continue
                        echo "# step $n: $(awk '{ printf "%.1f", $2 - $1 }' "$ESC_WS/.esc/$n.t")s"
                        seen_t="$seen_t$n "
                done
                for e in $2; do
                        [ -e "$ESC_WS/.esc/$e.t" ] || continue
                        age=$(($(date +%s) - $(stat -c %Y "$ESC_WS/.esc/$e.t")))
                        [ "$age" -ge 60 ] || continue
                        # Still no request after it? (The mock's log is newer when there was one.)
                        [ -n "$(find "$(mock_log_path "$1")" -newer "$ESC_WS/.esc/$e.t" 2>/dev/null)" ] && continue
                        echo "# step $e: the agent did not go on in ${age}s: stopping it"
                        if [ -n "$ESC_UNIT" ]; then
                                systemctl stop --no-block "$ESC_UNIT"
                        else
                                pkill -KILL -u alice -x claude
                        fi
                        return 0
                done
                sleep 2
        done
}

run_agent() { # MODEL TURNS TIMEOUT
        agent_run "$1" "$2" "$3" "$task" "$work/$1"
}

# The verdict on one definition, once its step is over: its line of the results (in its state
# dir's "result": verdicts run three at a time), then its cleanup. An attack is "blocked" and work
# "done" only with evidence that its step ran (else "invalid", which fails the run); an escape
# counts whatever the evidence.
verdict_of() { # INDEX OUT RC NOTE SECONDS CAME_BACK (in a subshell of its own: it sources the definition)
        local name=${names[$1]} verdict note=$4 g= l1= l2= why sf
        export ESC_STATE=$work/state/$name
        printf '%s\n' "$2" >"$ESC_STATE/out"
        out=$2 rc=$3
        why=$(evidence "$name" "$6")
        # No evidence: what the agent got back that named no step, if anything.
        [ -z "$why" ] || [ ! -s "$work/state/stray" ] || why+="; tool results naming no step: $(head -c 400 "$work/state/stray" | tr '\n\t' '| ')"
        . "$here/$set/$name.sh"
        sf=0
        [ -e "$ESC_STATE/setup.failed" ] && sf=1
        if happened >"$ESC_STATE/happened.log" 2>&1; then
                declare -F gap >/dev/null && g=$(gap)
                verdict=$(verdict_word "$set" 0 "$g" "$why" $sf)
        else
                # What happened could not see, and so cannot call blocked (see unearned in lib.sh).
                why=$(with_unearned "$why")
                verdict=$(verdict_word "$set" 1 "" "$why" $sf)
        fi
        case $verdict in
        gap) note=$g ;;
        invalid) note="no evidence that the step ran: $why" ;;
        esac
        # What happened's checks measured (a probe's reading), else the start of the output.
        if [ -z "$note" ]; then
                { read -r l1; read -r l2; } <"$ESC_STATE/happened.log"
                note="$l1 $l2"
                [ -n "${note// /}" ] || { note=${2//$'\n'/ }; note=${note:0:120}; }
                note=${note//$'\t'/ }
                note=${note:0:200}
        fi
        # An escape counts whatever the evidence; but say when there was none.
        [ "$verdict" != escaped ] || [ -z "$why" ] || note+="; no evidence that the step ran: ${why:0:500}"
        note=${note//$'\t'/ }
        note=${note//$'\n'/ }
        printf '%s\t%s\t%s\t%s\t%s\n' "$name" "${classes[$1]}" "$verdict" "$5" "$note" >"$ESC_STATE/result"
        ! declare -F cleanup >/dev/null || cleanup >>"$ESC_STATE/setup.log" 2>&1
}

g=0 batch=0
ngroups=${#groups[@]}
while [ "$g" -lt "$ngroups" ]; do
        batch=$((batch + 1))
        model=esc-$tag-b$batch task=esc-$set-b$batch
        export ESC_UNIT= ESC_AGENT_HOME=/home/alice
        [ "$mode" = control ] || ESC_UNIT=ccsbx-escape-$profile@alice:$task.service ESC_AGENT_HOME=/var/lib/ccsbx/home/alice/$task
        script=/srv/ccsbx-escape/scripts/$model.json
        t=$((60 + $(write_script "$script" "$g")))
        ncalls=0
        for ((k = g; k < ngroups; k++)); do ncalls=$((ncalls + $(wc -w <<<"${groups[$k]}"))); done
        start=$(now)
        # The scenario's own time limit (ESC_BUDGET seconds from run.sh's start) bounds the batch.
        left=$(awk -v b="${ESC_BUDGET:-999999}" -v s="$run_start" -v n="$start" 'BEGIN { printf "%d", b - (n - s) }')
        [ "$t" -le "$left" ] || t=$left
        if [ "$t" -lt 30 ]; then
                echo "# $tag: out of time (ESC_BUDGET=${ESC_BUDGET:-}) before batch $batch"
                t=30
        fi
        ending=
        for ((k = g; k < ngroups; k++)); do
                for j in ${groups[$k]}; do [ "${ends[$j]}" = 1 ] && ending="$ending ${names[$j]}"; done
        done
        watch_steps "$model" "$ending" &
        watcher=$!
        run_agent "$model" $((ngroups - g + 3)) "$t"
        kill "$watcher" 2>/dev/null
        wait "$watcher" 2>/dev/null
        secs=$(awk -v a="$start" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')
        last=$(last_turn "$model")
        results_of "$model" >"$work/$model.results"
        echo "# $tag batch $batch: turns $((g + 1))..$ngroups ($ncalls steps), the agent got to turn $((g + last + 1)) in ${secs}s"
        # Where the time went: seconds between the agent's successive requests to the model (its
        # start, then each turn's tool calls).
        mock_log_for "$model" | python3 -c '
import json, sys
ts = [e["time"] for e in map(json.loads, sys.stdin) if e.get("model") == sys.argv[1] and e.get("kind") == "main" and "time" in e]
print("# %s: %s" % (sys.argv[1], " ".join("%.0f" % (b - a) for a, b in zip(ts, ts[1:]))))' "$model"
        if [ "$last" -lt 0 ]; then
                # The agent never asked for a step: nothing ran. Say so for the rest, stop.
                note="the agent did not start (batch $batch): $({ tail -n 3 "$work/$model.err"; grep -E 'refusing|Cannot|rror|denied|Failed' "$work/$model.journal" | head -n 4; } 2>/dev/null | sed 's/^.*ccsbx-vm //' | tr '\n\t' '  ' | cut -c1-400)"
                for ((k = g; k < ngroups; k++)); do
                        for j in ${groups[$k]}; do
                                printf '%s\t%s\tFAILED\t0\t%s\n' "${names[$j]}" "${classes[$j]}" "$note" >>"$tsv"
                                (. "$here/$set/${names[$j]}.sh"; export ESC_STATE=$work/state/${names[$j]}; ! declare -F cleanup >/dev/null || cleanup) >/dev/null 2>&1
                        done
                done
                break
        fi
        # Turns before the last one handed out came back with their results; the last one (if it
        # was a step, not the closing text) ended the agent: its steps have no output, only what
        # the host saw.
        # Each step's output, between its markers, from the tool results: to its state dir's out.
        python3 - "$work/state" "$work/$model.results" <<'PY'
import json, os, sys
state, results = sys.argv[1], sys.argv[2]
outs = {}
stray = []
for line in open(results):
    c = json.loads(line)
    if not isinstance(c, str):
        c = json.dumps(c)
    # A result with no step in it (Claude Code refused or lost the call): kept, so that a step
    # with no evidence can say what came back instead.
    if "@@begin " not in c:
        stray.append(" ".join(c.split())[:300])
    for part in c.split("@@begin ")[1:]:
        name, _, rest = part.partition("@@")
        if name not in outs and os.path.isdir(f"{state}/{name}"):
            o = rest.split(f"@@end {name} rc=", 1)[0].strip("\n")
            ran, _, o = o.partition("\n") if o.startswith(f"@@ran {name} ") else ("", "", o)
            outs[name] = (ran, o)
with open(f"{state}/stray", "w") as f:
    f.write("".join(x + "\n" for x in stray))
for name, (ran, o) in outs.items():
    with open(f"{state}/{name}/out", "w") as f:
        f.write(o + "\n")
    with open(f"{state}/{name}/ran", "w") as f:
        f.write(ran + "\n")
PY
        vstart=$(now)
        for ((k = g; k <= g + last && k < ngroups; k++)); do
                for j in ${groups[$k]}; do
                        name=${names[$j]}
                        note= back=1
                        [ $k -lt $((g + last)) ] || { note="the agent ended during this step (batch $batch)"; back=0; }
                        [ "$running" -lt 3 ] || { wait -n; running=$((running - 1)); }
                        (
                                usecs; v0=$REPLY
                                o= rc= st=$secs b= e=
                                [ -e "$work/state/$name/out" ] && IFS= read -r -d '' o <"$work/state/$name/out"
                                o=${o%$'\n'}
                                [ -e "$ESC_WS/.esc/$name.rc" ] && read -r rc <"$ESC_WS/.esc/$name.rc"
                                # The step's own time (its command, from the wrapper), else the batch's.
                                if [ -e "$ESC_WS/.esc/$name.t" ] && read -r b e <"$ESC_WS/.esc/$name.t"; then
                                        tenths $(( ${e//./} - ${b//./} )) # $EPOCHREALTIME: microseconds
                                        st=$REPLY
                                fi
                                verdict_of "$j" "$o" "$rc" "$note" "$st" "$back"
                                usecs; tenths $((REPLY - v0)); echo "$REPLY" >"$work/state/$name/verdict.secs"
                        ) &
                        running=$((running + 1))
                done
        done
        wait
        running=0
        for ((k = g; k <= g + last && k < ngroups; k++)); do
                for j in ${groups[$k]}; do
                        r=$work/state/${names[$j]}/result
                        [ -s "$r" ] || printf '%s\t%s\tFAILED\t0\tno verdict (run.sh)\n' "${names[$j]}" "${classes[$j]}" >"$r"
                        cat "$r" >>"$tsv"
                        echo "# ${names[$j]}: $(cut -f3 "$r")"
                done
        done
        echo "# $tag batch $batch: verdicts took $(awk -v a="$vstart" -v b="$(now)" 'BEGIN { printf "%.0f", b - a }')s;" \
                "longest: $(longest verdict.secs "${names[@]}")"
        g=$((g + last + 1))
done

rm -rf "$ESC_WS" /home/alice/.config/ccsbx/tasks/esc-*.conf
[ "$mode" = control ] && rm -rf /home/alice/.claude /home/alice/.claude.json*
exit 0
