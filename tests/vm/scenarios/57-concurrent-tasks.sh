#!/bin/bash
# Three tasks of two users at once (two of alice's in different workspaces, one of bob's), with the
# real Claude Code against one mock API that gives each task's model its own script: all three
# succeed, each leaves its marker in its own workspace only, as its owner, and none of them can
# list or read the other workspaces, agent homes or task layouts.
. "$(dirname "$0")/lib.sh"
here=$(dirname "$0")/../..
scripts=$here/e2e/scripts
port=18082
log=/tmp/mock56.log

e2e_setup $port alice bob
mock_start $port $log "$scripts/hello.json" \
        --script-for mock-conc-a="$scripts/conc-alice-a.json" \
        --script-for mock-conc-b="$scripts/conc-alice-b.json" \
        --script-for mock-conc-bob="$scripts/conc-bob.json"
ok $? "the mock API listens on 127.0.0.1:$port with a script per model" || { done_testing; exit 1; }

# Each workspace holds a secret; each task sleeps 5 s (so they overlap), leaves a marker, then tries
# to list and read the others' workspaces, agent homes and layouts.
new_task alice conc-a /home/alice/proja mock-conc-a <<<'max_turns = 5;'
new_task alice conc-b /home/alice/projb mock-conc-b <<<'max_turns = 5;'
new_task bob conc /home/bob/proj mock-conc-bob <<<'max_turns = 5;'
for w in alice:/home/alice/proja:alice-a alice:/home/alice/projb:alice-b bob:/home/bob/proj:bob; do
        IFS=: read -r user dir tag <<<"$w"
        echo "SECRET-$tag" | runuser -u "$user" -- tee "$dir/secret" >/dev/null
done
units=(ccsbx-e2e@alice:conc-a.service ccsbx-e2e@alice:conc-b.service ccsbx-e2e@bob:conc.service)
start=$(uptime_s)
systemctl start --no-block "${units[@]}"
# Wait for all three, noting whether all three were active (the agent running) at one moment.
# (Timestamps afterwards would not do: systemd unloads a unit that ended successfully.)
together=0 started=0
for ((i = 0; i < 4 * 240; i++)); do
        states=$(systemctl show -P ActiveState "${units[@]}")
        [ "$(grep -cx active <<<"$states")" = 3 ] && together=1
        running=$(grep -cxE 'activating|active|deactivating' <<<"$states")
        [ "$running" -gt 0 ] && started=1
        [ $started = 1 ] && [ "$running" = 0 ] && break
        sleep 0.25
done
echo "# three tasks took $(elapsed_since "$start")s"
for u in "${units[@]}"; do
        result=$(systemctl show -P Result "$u")
        [ "$result" = success ]
        ok $? "$u finished successfully (Result=$result)" || unit_diag "$u"
done
[ $together = 1 ]
ok $? "the three tasks ran at the same time (all three units active at once)"
for w in alice:/home/alice/proja:alice-a alice:/home/alice/projb:alice-b bob:/home/bob/proj:bob; do
        IFS=: read -r user dir tag <<<"$w"
        f=$dir/marker-$tag.txt
        [ "$(cat "$f" 2>/dev/null)" = "marker-$tag" ] && [ "$(stat -c %U "$f")" = "$user" ] &&
                [ "$(ls "$dir" | grep -c '^marker-')" = 1 ]
        ok $? "$tag's marker is in its own workspace only, owned by $user" || ls -la "$dir" | diag
done
for w in mock-conc-a:alice-a mock-conc-b:alice-b mock-conc-bob:bob; do
        IFS=: read -r model tag <<<"$w"
        seen=$(mock_tool_results $log "$model")
        # (.git: the empty read-only one a workspace without a repository gets, see ccsbx-launch(8).)
        grep -q "^own: .git marker-$tag.txt secret" <<<"$seen"
        ok $? "$tag's agent listed its own workspace (its empty .git, marker and secret)" || printf '%s\n' "$seen" | diag
        leak=$(grep -oE "SECRET-[a-z-]+|marker-[a-z-]+|conc[a-z-]*" <<<"$seen" | grep -vx "marker-$tag" | sort -u)
        hidden=1
        for p in /home/alice /home/bob /home/alice/proja /home/alice/projb /home/bob/proj /var/lib/ccsbx/home \
                /var/lib/ccsbx/home/alice /var/lib/ccsbx/home/bob /run/ccsbx/tasks; do
                grep -qE "'$p': (No such file or directory|Permission denied)" <<<"$seen" || { hidden=0; leak+=" $p"; }
        done
        [ -z "$leak" ] && [ $hidden = 1 ]
        ok $? "$tag's agent saw none of the others' files, homes or tasks (ls and cat failed on each)" ||
                printf '%s\n' "not refused or leaked: $leak" "$seen" | diag
done

kill $mock 2>/dev/null
wait $mock 2>/dev/null
e2e_teardown
done_testing
