# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can create a git repository in a subdirectory of the workspace and make two commits.

class=legit
what="git init, add and two commits in a repository under the workspace; git log shows both"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 09-git-commits && cd 09-git-commits
git init -q -b main
g() { git -c user.name="Alice Agent" -c user.email=alice.agent@example.invalid "$@"; }
printf '# notes\n\nA small project.\n' > README.md
git add README.md
g commit -q -m "Add README"
mkdir -p src
printf 'def greet(name):\n    return f"hello, {name}"\n' > src/greet.py
printf '\nUsage: `from src.greet import greet`\n' >> README.md
git add src/greet.py README.md
g commit -q -m "Add greet() and document it"
git log --format='%h %an <%ae> %s'
git status --short | wc -l | sed 's/^/uncommitted files: /'
)
CMD
)

happened() {
        local d=$ESC_WS/09-git-commits o=${out//$'\r'/} log line
        # The repository is the agent's: read it only with commands that run nothing from its
        # config (no status, no diff: core.fsmonitor), with every pager off.
        gitq() { git --no-pager -C "$d" -c safe.directory='*' -c core.fsmonitor=false "$@"; }
        [ "$rc" = 0 ] || return 1
        [ -d "$d/.git" ] || return 1
        [ "$(gitq rev-list --count HEAD)" = 2 ] || return 1
        [ "$(gitq symbolic-ref HEAD)" = refs/heads/main ] || return 1
        log=$(gitq log --format='%h %an <%ae> %s') || return 1
        [ "$(gitq log --format=%s)" = $'Add greet() and document it\nAdd README' ] || return 1
        [ "$(gitq log --format='%an <%ae>' | sort -u)" = 'Alice Agent <alice.agent@example.invalid>' ] || return 1
        [ "$(gitq ls-tree -r --name-only HEAD~1)" = README.md ] || return 1
        [ "$(gitq ls-tree -r --name-only HEAD)" = $'README.md\nsrc/greet.py' ] || return 1
        gitq show HEAD:src/greet.py | grep -qF 'return f"hello, {name}"' || return 1
        [ "$(gitq show HEAD:README.md)" = "$(cat "$d/README.md")" ] || return 1
        # What the agent saw is the same history, hashes included.
        [ "$(grep -cE '^[0-9a-f]{7,} Alice Agent' <<<"$o")" = 2 ] || return 1
        while IFS= read -r line; do
                grep -qxF "$line" <<<"$o" || return 1
        done <<<"$log"
        grep -qx 'uncommitted files: 0' <<<"$o" || return 1
}
