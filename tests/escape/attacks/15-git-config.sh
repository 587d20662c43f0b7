# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what=".git/config core.fsmonitor in the workspace (a command git runs as the owner)"
cmd='git config core.fsmonitor "touch /tmp/pwned" && grep fsmonitor .git/config'
setup() { [ -d "$ESC_WS/.git" ] || runuser -u alice -- git init -q "$ESC_WS"; }
happened() { grep -q fsmonitor "$ESC_WS/.git/config"; }
cleanup() { sed -i '/fsmonitor/d' "$ESC_WS/.git/config" 2>/dev/null; true; }
