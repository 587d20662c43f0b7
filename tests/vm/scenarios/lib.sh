# SPDX-License-Identifier: LGPL-2.1-or-later
# Sourced by every VM scenario: TAP on stdout (the guest runner sends it to the host), a plan at
# the end, exit 1 if any check failed. Runs from the tree and from the VM payload, which keeps the
# tree's layout (tests/...) beside the payload's own files (ccsbx.deb, unit/).
set -u
tests_dir=$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)
# The payload's root (the .deb, unit tests built for the VM's kernel); from the tree: CCSBX_PAYLOAD.
payload_dir=${CCSBX_PAYLOAD:-$(cd "$tests_dir/.." && pwd)}
. "$tests_dir/lib/tap.sh"

# The launcher comes with a later release; verify needs an executable, so check a copy of the
# unit that names /bin/true (the real unit file is what systemd loaded and is checked as is below).
# A proxy-mode unit needs its egress proxy's units beside it (same directory, same treatment).
verify_unit_copy() { # UNIT-FILE
        local dir f
        dir=$(mktemp -d)
        for f in "$1" "${1%@.service}"-egress@.socket "${1%@.service}"-egress@.service; do
                [ -f "$f" ] && sed -E 's#/usr/libexec/ccsbx/ccsbx-(launch|egress)#/bin/true#' "$f" >"$dir/$(basename "$f")"
        done
        cp /lib/systemd/system/ccsbx.slice "$dir/"
        (cd "$dir" && systemd-analyze verify --man=no "./$(basename "$1")") >"$dir/log" 2>&1
        local rc=$?
        [ $rc = 0 ] && [ ! -s "$dir/log" ] && rm -rf "$dir" && return 0
        cat "$dir/log"
        rm -rf "$dir"
        return 1
}

# The end-to-end setup that the agent scenarios share (the admin's side): a profile "e2e" whose
# allow list is the mock on loopback, the mock's URL for every agent, and a (dummy) key for each
# USER, readable by root only; task dirs for them. e2e_teardown undoes it.
e2e_setup() { # PORT USER...
        local port=$1 user
        shift
        cat >/etc/ccsbx/e2e.conf <<'CONF'
description = "End-to-end test: the model API is a local mock";
inherit = "default";
network = {
        mode = "ip";
        allow = ["127.0.0.1/32"];
        resolver = false;
};
CONF
        echo "ANTHROPIC_BASE_URL=http://127.0.0.1:$port" >/etc/ccsbx/agent.env
        mkdir -p /etc/ccsbx/credentials
        for user in "$@"; do
                install -m 0600 /dev/null "/etc/ccsbx/credentials/$user.env"
                echo "ANTHROPIC_API_KEY=sk-ant-test-dummy-$user" >"/etc/ccsbx/credentials/$user.env"
                runuser -u "$user" -- mkdir -p "/home/$user/.config/ccsbx/tasks"
        done
        systemctl daemon-reload
}
e2e_teardown() {
        rm -f /etc/ccsbx/e2e.conf /etc/ccsbx/agent.env
        rm -rf /etc/ccsbx/credentials
        systemctl daemon-reload
}

# Start tests/e2e/mock-api.py on PORT with its arguments (SCRIPT, --script-for, ...), log in LOG;
# sets $mock to its pid once it listens.
mock_start() { # PORT LOG ARGS...
        local port=$1 log=$2
        shift 2
        rm -f "$log" /tmp/mock.port
        python3 "$tests_dir/e2e/mock-api.py" "$port" "$@" --log "$log" \
                --port-file /tmp/mock.port >/tmp/mock.out 2>&1 &
        mock=$!
        for _ in $(seq 50); do [ -s /tmp/mock.port ] && return 0; sleep 0.2; done
        echo "# the mock did not start: $(tail -n 3 /tmp/mock.out)"
        return 1
}

# Write USER's task file TASK.conf from stdin, as USER.
task_file() { # USER TASK
        runuser -u "$1" -- tee "/home/$1/.config/ccsbx/tasks/$2.conf" >/dev/null
}

uptime_s() { cut -d' ' -f1 /proc/uptime; }
elapsed_since() { awk -v a="$1" -v b="$(uptime_s)" 'BEGIN { printf "%.1f", b - a }'; }

# Wait until UNIT is neither active nor activating (at most SECONDS); 1 if it still runs.
wait_unit_done() { # UNIT SECONDS
        local state i
        for ((i = 0; i < $2 * 4; i++)); do
                state=$(systemctl show -P ActiveState "$1")
                [ "$state" = active ] || [ "$state" = activating ] || [ "$state" = deactivating ] || return 0
                sleep 0.25
        done
        return 1
}

# The values of FIELD of the journal entries that match MATCHES, as user WHO reads them, one a
# line (newlines in a value as "\n").
journal_values() { # WHO FIELD MATCHES...
        local who=$1 field=$2
        shift 2
        runuser -u "$who" -- journalctl --no-pager --all -o json "$@" 2>/dev/null | python3 -c '
import json, sys
for line in sys.stdin:
    v = json.loads(line).get(sys.argv[1])
    if isinstance(v, str):
        print(v.replace("\n", "\\n"))' "$field"
}

# Diagnostics for a unit that did not do what was expected: its status and journal, the mock's.
unit_diag() { # UNIT
        {
                systemctl status --no-pager "$1" | tail -n 15
                journalctl -b --no-pager -o short-monotonic -u "$1" | tail -n 25
                tail -n 5 /tmp/mock.out
        } 2>&1 | diag
}

# A task of USER named TASK working in a fresh WORKDIR with model MODEL, and more keys from stdin.
new_task() { # USER TASK WORKDIR MODEL
        runuser -u "$1" -- mkdir -p "$3"
        { printf 'prompt = "Run the scripted steps.";\nworkdir = "%s";\nmodel = "%s";\n' "$3" "$4"; cat; } |
                task_file "$1" "$2"
}
# The tool results that the mock (its --log LOG) received from the agent of MODEL, one a line.
mock_tool_results() { # LOG MODEL
        python3 -c '
import json, sys
for line in open(sys.argv[1]):
    e = json.loads(line)
    if e.get("model") == sys.argv[2]:
        for r in e.get("tool_results") or []:
            print(r["content"].replace("\n", "\\n"))' "$1" "$2"
}

# Run a unit test built on the host and carried in the payload (unit/NAME), with ENV assignments,
# as root, its TAP renumbered into this scenario's; a whole-test skip is a failure. Returns its
# exit status, its output in $unit_out.
run_unit_test() { # NAME [VAR=VALUE...]
        local t=$payload_dir/unit/$1 line rc
        shift
        unit_out=
        if [ ! -x "$t" ]; then
                ok 1 "${t##*/} is in the payload (run the VM suite from meson, which passes CCSBX_VM_UNIT_TESTS)"
                return 1
        fi
        unit_out=$(env "$@" timeout 300 "$t" 2>&1)
        rc=$?
        while IFS= read -r line; do
                case $line in
                "ok "*) ok 0 "${line#ok [0-9]* - }" ;;
                "not ok "*) ok 1 "${line#not ok [0-9]* - }" ;;
                "1..0"*) ok 1 "${t##*/} skipped: $line" ;;
                "#"*) echo "$line" ;;
                esac
        done <<<"$unit_out"
        ok $rc "${t##*/} exited 0 (got $rc)"
}
