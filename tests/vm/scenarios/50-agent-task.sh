#!/bin/bash
# The heart of ccsbx: the real Claude Code runs a whole task for alice inside ccsbx-e2e@alice:hello,
# against a local mock of the model API (the only mock allowed), as alice, in her workspace, with
# every step in the journal for her and the admins and for nobody else. Then the refusals: a user
# outside group ccsbx, a broken task file, a malformed instance name.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/../..
port=18080

echo "# journal storage: $(ls -d /var/log/journal 2>/dev/null || echo volatile)"
# The admin's side (profile e2e, the mock's URL, alice's dummy key: see e2e_setup in lib.sh).
e2e_setup $port alice
check "ccsbx-e2e@.service was generated" systemctl cat ccsbx-e2e@.service

# The user's side: a workspace and a task file.
runuser -u alice -- mkdir -p /home/alice/proj
task_file alice hello <<'CONF'
prompt = "Write proof.txt, tell me the kernel name, then write notes.md.";
workdir = "/home/alice/proj";
max_turns = 10;
timeout = "10min";
CONF

mock_start $port /tmp/mock.log "$here/e2e/scripts/hello.json"

unit=ccsbx-e2e@alice:hello.service
start=$(uptime_s)
systemctl start "$unit"
ok $? "systemctl start $unit"
wait_unit_done "$unit" 300
echo "# task took $(elapsed_since "$start")s"
result=$(systemctl show -P Result "$unit")
[ "$result" = success ]
ok $? "the task finished successfully (Result=$result)" || unit_diag "$unit"

check "the agent's Bash step wrote proof.txt in alice's workspace" grep -qx hello-from-agent /home/alice/proj/proof.txt
owner=$(stat -c %U /home/alice/proj/proof.txt 2>&1)
[ "$owner" = alice ]
ok $? "proof.txt belongs to alice, not root (owner: $owner)"
check "the agent's Write step made notes.md" test -s /home/alice/proj/notes.md
grep -q Linux /tmp/mock.log
ok $? "the model saw the tool result of uname (Linux) through the mock"

# prepare's start line reaches alice through run (prepare does not wait for journald): in her
# journal, of her unit, as prepare's.
prep=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_STEP=prepare _UID="$(id -u alice)")
grep -q "^Prepared task hello of alice: workspace /home/alice/proj" <<<"$prep"
ok $? "alice reads prepare's \"Prepared task hello of alice ...\" in her journal of the unit" || printf '%s\n' "$prep" | diag

# The relay's journal entries, one per step, with CCSBX_* fields, as alice reads them.
init=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_EVENT=init)
grep -q "^Agent started" <<<"$init"
ok $? "alice reads the agent's init step (CCSBX_EVENT=init)" || printf '%s\n' "$init" | diag
input=$(journal_values alice CCSBX_TOOL_INPUT _SYSTEMD_UNIT="$unit" CCSBX_EVENT=tool_use CCSBX_TOOL=Bash)
grep -qF 'echo hello-from-agent > proof.txt' <<<"$input"
ok $? "alice reads the Bash tool_use with its command in CCSBX_TOOL_INPUT" || printf '%s\n' "$input" | diag
msg=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_EVENT=tool_use CCSBX_TOOL=Bash)
grep -q '^Turn 1: Bash: echo hello-from-agent > proof.txt' <<<"$msg"
ok $? "its MESSAGE reads \"Turn 1: Bash: <command>\"" || printf '%s\n' "$msg" | diag
tres=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_EVENT=tool_result)
grep -q '^Tool result: .*Linux' <<<"$tres"
ok $? "alice reads the tool_result of uname (Linux)" || printf '%s\n' "$tres" | diag
turns=$(journal_values alice CCSBX_TURNS _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result)
iserr=$(journal_values alice CCSBX_IS_ERROR _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result)
rmsg=$(journal_values alice MESSAGE _SYSTEMD_UNIT="$unit" CCSBX_EVENT=result)
[ "$turns" = 3 ] && [ "$iserr" = 0 ]
ok $? "alice reads the result: CCSBX_TURNS=3, CCSBX_IS_ERROR=0 (got '$turns', '$iserr')" || printf '%s\n' "$rmsg" | diag
grep -q '^Result: success after 3 turns' <<<"$rmsg"
ok $? "the result's MESSAGE reads \"Result: success after 3 turns ...\"" || printf '%s\n' "$rmsg" | diag
steps=$(journal_values alice CCSBX_EVENT _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent | sort -u | tr '\n' ' ')
[ "$steps" = "init result text tool_result tool_use " ]
ok $? "alice reads every kind of step: $steps"
bobsees=$(runuser -u bob -- journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent 2>/dev/null | wc -l)
[ "$bobsees" = 0 ]
ok $? "bob reads none of alice's steps ($bobsees entries)"
admin=$(journalctl --no-pager -o cat _SYSTEMD_UNIT="$unit" SYSLOG_IDENTIFIER=ccsbx-agent | wc -l)
[ "$admin" -ge 5 ]
ok $? "root reads them all ($admin entries)"
check "the agent's home for this task exists, alice's, private" test "$(stat -c '%U %a' /var/lib/ccsbx/home/alice/hello)" = "alice 700"
[ ! -e /run/ccsbx/tasks/alice:hello ]
ok $? "cleanup removed /run/ccsbx/tasks/alice:hello"

# Refusals, each with a reason in the journal.
runuser -u carol -- mkdir -p /home/carol/proj /home/carol/.config/ccsbx/tasks
printf 'prompt = "hi";\nworkdir = "/home/carol/proj";\n' | runuser -u carol -- tee /home/carol/.config/ccsbx/tasks/t.conf >/dev/null
systemctl start ccsbx-e2e@carol:t.service 2>/dev/null
[ "$(systemctl show -P Result ccsbx-e2e@carol:t.service)" != success ]
ok $? "carol (not in group ccsbx) does not get a sandbox"
journalctl --no-pager -o cat -u ccsbx-e2e@carol:t.service | grep -q "PAM refused carol"
ok $? "the refusal says PAM refused carol"

printf 'prompt = "hi";\nworkdir = "/home/alice/proj";\nmax_turns = "many";\n' |
        runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/broken.conf >/dev/null
systemctl start ccsbx-e2e@alice:broken.service 2>/dev/null
msg=$(runuser -u alice -- systemctl status --no-pager -n 20 ccsbx-e2e@alice:broken.service 2>&1)
grep -q "broken.conf:3" <<<"$msg"
ok $? "alice sees the broken task file's file:line in systemctl status" || printf '%s\n' "$msg" | tail -n 8 | diag

printf 'prompt = "hi";\nworkdir = "/etc";\n' | runuser -u alice -- tee /home/alice/.config/ccsbx/tasks/sys.conf >/dev/null
systemctl start ccsbx-e2e@alice:sys.service 2>/dev/null
journalctl --no-pager -o cat -u ccsbx-e2e@alice:sys.service | grep -q "cannot be a workspace\|not owned by"
ok $? "a system directory as workdir is refused"

systemctl start 'ccsbx-e2e@alice:..x.service' 2>/dev/null
journalctl --no-pager -o cat -u 'ccsbx-e2e@alice:..x.service' | grep -q "Invalid instance name"
ok $? "a malformed instance name is refused with a reason"

kill $mock 2>/dev/null
e2e_teardown
done_testing
