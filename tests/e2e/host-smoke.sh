#!/bin/bash
# TAP test: the real Claude Code runs a whole agent task against mock-api.py.
#
#   tests/e2e/host-smoke.sh
#
# Gets Claude Code (the version tests/vm/versions.sh pins) from, in order:
# $CLAUDE_BIN, a `claude` on PATH of that version, the cache
# ($CCSBX_E2E_CACHE, default ~/.cache/ccsbx-e2e, /var/cache/ccsbx-e2e for root)
# or npm into that cache. No npm, no registry or no python3: "1..0 # SKIP"
# (tools/summarize-tap.py counts it as skipped, and CI fails on it).
# As root it runs the agent as nobody (Claude Code refuses
# --dangerously-skip-permissions as root), otherwise as the caller.
set -u
export LC_ALL=C.UTF-8

here=$(cd "$(dirname "$0")" && pwd)
# shellcheck source-path=SCRIPTDIR source=../vm/versions.sh
. "$here/../vm/versions.sh"
# shellcheck source-path=SCRIPTDIR source=../lib/tap.sh
. "$(dirname "${BASH_SOURCE[0]}")/../lib/tap.sh"
version=$CLAUDE_CODE_VERSION

command -v python3 >/dev/null || skip_all "python3 not found"

case $(uname -m) in
x86_64) arch=x64 ;;
aarch64) arch=arm64 ;;
*) skip_all "no Claude Code build for $(uname -m)" ;;
esac
if [ "$(id -u)" = 0 ]; then
        cache=${CCSBX_E2E_CACHE:-/var/cache/ccsbx-e2e}
else
        cache=${CCSBX_E2E_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/ccsbx-e2e}
fi

# The native binary (the npm package's bin/claude.exe is only a stub).
find_claude() {
        if [ -n "${CLAUDE_BIN-}" ]; then
                echo "$CLAUDE_BIN"; return
        fi
        onpath=$(command -v claude) &&
                [ "$("$onpath" --version 2>/dev/null)" = "$version (Claude Code)" ] &&
                { echo "$onpath"; return; }
        bin=$cache/claude-code-$version/node_modules/@anthropic-ai/claude-code-linux-$arch/claude
        if [ ! -x "$bin" ]; then
                command -v npm >/dev/null || return 1
                mkdir -p "$cache" && chmod 755 "$cache" || return 1
                staging=$(mktemp -d "$cache/.install.XXXXXX") || return 1
                # --ignore-scripts: the postinstall only links the binary over the stub.
                if npm install --prefix "$staging" --ignore-scripts --include=optional \
                        --no-audit --no-fund --loglevel=error \
                        "@anthropic-ai/claude-code@$version" >"$staging.log" 2>&1 &&
                   chmod 755 "$staging" &&
                   mv -T "$staging" "$cache/claude-code-$version" 2>/dev/null; then
                        rm -f "$staging.log"
                else
                        sed 's/^/# npm: /' "$staging.log" | tail -n 5 >&2
                        rm -rf "$staging" "$staging.log"
                fi
        fi
        [ -x "$bin" ] && echo "$bin"
}

# A scratch dir: the agent's HOME, workspaces and CLAUDE_CODE_TMPDIR, owned by
# the user it runs as; the mock's files, owned by the caller.
tmp=$(mktemp -d) || exit 1
mock_pid=
# shellcheck disable=SC2317  # run by the EXIT trap
cleanup() {
        [ -n "$mock_pid" ] && kill "$mock_pid" 2>/dev/null
        rm -rf "$tmp"
}
trap cleanup EXIT
chmod 755 "$tmp"
mkdir "$tmp/home" "$tmp/ws" "$tmp/tmp" "$tmp/ws2"
as_user=()
if [ "$(id -u)" = 0 ]; then
        chown "$(id -u nobody):$(id -g nobody)" "$tmp/home" "$tmp/ws" "$tmp/tmp" "$tmp/ws2"
        as_user=(setpriv --reuid="$(id -u nobody)" --regid="$(id -g nobody)" --clear-groups)
fi

claude=$(find_claude) || skip_all "cannot install @anthropic-ai/claude-code@$version with npm"
got=$("${as_user[@]}" env -i HOME="$tmp/home" "$claude" --version 2>/dev/null | head -n 1)
[ "$got" = "$version (Claude Code)" ] || skip_all "$claude --version says '$got', want $version"

# start_mock SCRIPT LOG: sets mock_pid and port.
start_mock() {
        rm -f "$tmp/port"
        python3 "$here/mock-api.py" 0 "$1" --port-file "$tmp/port" --log "$2" 2>>"$tmp/mock.err" &
        mock_pid=$!
        for _ in $(seq 100); do
                [ -s "$tmp/port" ] && { port=$(cat "$tmp/port"); return 0; }
                kill -0 "$mock_pid" 2>/dev/null || break
                sleep 0.1
        done
        echo "Bail out! mock-api.py did not start: $(cat "$tmp/mock.err")"
        exit 1
}

# run_claude WORKSPACE OUT ARGS...: the agent, as the test user, in a clean environment.
run_claude() {
        ws=$1 out=$2
        shift 2
        (cd "$ws" && timeout 120 "${as_user[@]}" env -i PATH=/usr/bin:/bin LANG=C.UTF-8 \
                HOME="$tmp/home" CLAUDE_CODE_TMPDIR="$tmp/tmp" \
                ANTHROPIC_BASE_URL="http://127.0.0.1:$port" ANTHROPIC_API_KEY=sk-test-dummy \
                CLAUDE_CODE_DISABLE_NONESSENTIAL_TRAFFIC=1 DISABLE_AUTOUPDATER=1 \
                CLAUDE_CODE_MAX_RETRIES=0 \
                "$claude" "$@" --output-format stream-json --verbose \
                --dangerously-skip-permissions >"$out" 2>"$out.err")
}

# checks FILE DESCRIPTION EXPRESSION...: one TAP line per pair, numbered on
# from tap.sh's count; each Python expression sees `objs` (FILE's JSON lines),
# `result` (the last "result" object) and blocks(TYPE, BLOCK_TYPE) (content
# blocks of that message type). Python exits with the number that failed.
checks() {
        local rc
        python3 - "$tap_n" "$@" <<'EOF'
import json, sys
n, path, pairs = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
try:
    objs = [json.loads(line) for line in open(path) if line.strip()]
except (OSError, ValueError) as e:
    print(f"# {path}: {e}")
    objs = []
results = [o for o in objs if o.get("type") == "result"]
result = results[-1] if results else {}
def blocks(kind, btype):
    return [b for o in objs if o.get("type") == kind
            for b in (o.get("message", {}).get("content") or [])
            if isinstance(b, dict) and b.get("type") == btype]
bad = 0
for desc, expr in zip(pairs[::2], pairs[1::2]):
    n += 1
    try:
        good = eval("(" + expr + ")")
    except Exception as e:
        good = False
        print(f"# {desc}: {e!r}")
    print(f"{'ok' if good else 'not ok'} {n} - {desc}")
    bad += not good
sys.exit(min(bad, 100))
EOF
        rc=$?
        tap_n=$((tap_n + ($# - 1) / 2))
        tap_failed=$((tap_failed + rc))
}

echo "# claude: $claude ($version)"

# 1. The hello script: Bash, then Write, then a final text.
start_mock "$here/scripts/hello.json" "$tmp/mock.log"
start=${EPOCHREALTIME/,/.}
run_claude "$tmp/ws" "$tmp/out.jsonl" -p "say hi"
status=$?
end=${EPOCHREALTIME/,/.}
echo "# claude -p took $(awk "BEGIN { printf \"%.2f\", $end - $start }") s"
ok $status "claude -p exits 0"
[ $status = 0 ] || sed 's/^/# stderr: /' "$tmp/out.jsonl.err" | head -n 20

[ "$(cat "$tmp/ws/proof.txt" 2>/dev/null)" = hello-from-agent ]
ok $? "the Bash tool wrote proof.txt"
[ "$(cat "$tmp/ws/notes.md" 2>/dev/null)" = "$(printf '# Notes\n\nwritten by the agent')" ]
ok $? "the Write tool wrote notes.md"

checks "$tmp/out.jsonl" \
        "stream-json has system/init" \
        'any(o.get("type") == "system" and o.get("subtype") == "init" for o in objs)' \
        "stream-json has the assistant's Bash tool_use" \
        'any(b["name"] == "Bash" for b in blocks("assistant", "tool_use"))' \
        "stream-json has the user tool_result with Linux" \
        'any("Linux" in json.dumps(b.get("content")) for b in blocks("user", "tool_result"))' \
        "the final result is a success: All done., 3 turns" \
        'result.get("is_error") is False and result.get("subtype") == "success"
         and result.get("result") == "All done." and result.get("num_turns") == 3'

kill "$mock_pid"
wait "$mock_pid"
ok $? "mock-api.py exits 0 on SIGTERM"
mock_pid=
checks "$tmp/mock.log" \
        "the mock served the 3 turns, each once" \
        '[o.get("turn") for o in objs if o.get("kind") == "main"] == [0, 1, 2]' \
        "the mock log has the Bash tool_result" \
        'any(r["content"] == "Linux" for o in objs for r in o.get("tool_results", []))' \
        "the mock log has the Write tool_result" \
        'any("notes.md" in r["content"] for o in objs for r in o.get("tool_results", []))'

# 2. --max-turns 1: the tool runs, then the run stops with error_max_turns.
start_mock "$here/scripts/hello.json" "$tmp/mock2.log"
run_claude "$tmp/ws2" "$tmp/out2.jsonl" -p "say hi" --max-turns 1
status=$?
kill "$mock_pid"
wait "$mock_pid"
mock_pid=
[ $status = 1 ] && [ -e "$tmp/ws2/proof.txt" ]
ok $? "--max-turns 1: exit 1 after the first tool ran"
checks "$tmp/out2.jsonl" "--max-turns 1: result subtype error_max_turns, is_error true" \
        'result.get("subtype") == "error_max_turns" and result.get("is_error") is True'

# 3. Claude Code's Bash tool runs every step of the escape suite as the VM's runner wraps it
# (tests/escape/lib.sh, step_wrapper): it refuses, even with --dangerously-skip-permissions, a
# "bash -c" script it cannot parse for dangerous removals, and such a step never runs (in the VM
# its verdict is "invalid"). Each step behind "exit 0;", so that it is parsed and not run.
mkdir "$tmp/ws3" "$tmp/steps"
[ "$(id -u)" = 0 ] && chown "$(id -u nobody):$(id -g nobody)" "$tmp/ws3"
esc=$here/../escape
for def in "$esc"/attacks/[0-9]*.sh "$esc"/legit/[0-9]*.sh; do
        name=${def##*/}
        name=${name%.sh}
        mkdir "$tmp/steps/$name"
        ESC_STATE=$tmp/steps/$name ESC_WS=$tmp/ws3 bash -c '. "$1/lib.sh"; . "$2"
                step_wrapper "$3" 5 9 "${timeout:-30}" "$cmd"' _ "$esc" "$def" "$name" >"$tmp/steps/$name/wrapped" 2>/dev/null
done
python3 - "$tmp/steps" "$tmp/steps.json" <<'EOF'
import json, os, sys
names = sorted(os.listdir(sys.argv[1]))
calls = [{"name": "Bash", "input": {"command": "exit 0; " + open(f"{sys.argv[1]}/{n}/wrapped").read(),
                                     "description": n, "timeout": 60000}} for n in names]
turns = [{"tool_use": calls[i:i + 6]} for i in range(0, len(calls), 6)] + [{"text": "Parsed them all."}]
json.dump(turns, open(sys.argv[2], "w"))
EOF
start_mock "$tmp/steps.json" "$tmp/mock3.log"
run_claude "$tmp/ws3" "$tmp/out3.jsonl" -p "parse the steps" --max-turns 40
kill "$mock_pid"
wait "$mock_pid"
mock_pid=
steps=$(ls "$tmp/steps" | wc -l)
refused=$(python3 - "$tmp/mock3.log" <<'EOF'
import json, sys
n = 0
for line in open(sys.argv[1]):
    for r in json.loads(line).get("tool_results") or []:
        n += 1
        c = r["content"] if isinstance(r["content"], str) else json.dumps(r["content"])
        if c.strip() not in ("", "(Bash completed with no output)"):
            print(f"#  result {n}: {c[:200]!r}")
print(f"# {n} results")
EOF
)
[ "$steps" -gt 60 ] && grep -qx "# $steps results" <<<"$refused" && [ "$(grep -c '^#  result' <<<"$refused")" = 0 ]
ok $? "Claude Code's Bash tool accepts each of the $steps escape steps as the runner wraps them" ||
        printf '%s\n' "$refused" | head -n 20

done_testing
