# SPDX-License-Identifier: LGPL-2.1-or-later
class=fs-write
what=".git/hooks/pre-commit in the workspace (runs as the owner at her next commit)"
cmd='printf "#!/bin/sh\necho pwned\n" > .git/hooks/pre-commit && chmod +x .git/hooks/pre-commit && ls -l .git/hooks/pre-commit'
setup() { [ -d "$ESC_WS/.git" ] || runuser -u alice -- git init -q "$ESC_WS"; }
happened() { made "$ESC_WS/.git/hooks/pre-commit"; }
