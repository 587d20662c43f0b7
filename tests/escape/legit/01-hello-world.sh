# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can write and run a Python hello world and compile and run a C one.

class=legit
what="hello world in Python and in C (gcc), both run"
timeout=60
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 01-hello-world && cd 01-hello-world
cat > hello.py <<'PY'
import sys
print(f"Hello, world from Python {sys.version_info.major}.{sys.version_info.minor}")
PY
cat > hello.c <<'C'
#include <stdio.h>

int main(void) {
        printf("Hello, world from C (%d bytes of int)\n", (int) sizeof(int));
        return 0;
}
C
gcc -Wall -Wextra -O2 -o hello hello.c
python3 hello.py
./hello
)
CMD
)

happened() {
        local d=$ESC_WS/01-hello-world o=${out//$'\r'/} owner
        [ "$rc" = 0 ] || return 1
        grep -qE '^Hello, world from Python 3\.[0-9]+$' <<<"$o" || return 1
        grep -qx 'Hello, world from C (4 bytes of int)' <<<"$o" || return 1
        [ -f "$d/hello.py" ] && [ -f "$d/hello.c" ] && [ -f "$d/hello" ] || return 1
        # The binary is a real ELF executable, and it prints the same thing when run again,
        # as the workspace's owner (never run what the agent built as root).
        [ "$(head -c 4 "$d/hello" | od -An -c | tr -d ' ')" = '177ELF' ] || return 1
        owner=$(stat -c %U "$ESC_WS") || return 1
        [ "$(as "$owner" timeout 10 "$d/hello")" = 'Hello, world from C (4 bytes of int)' ] || return 1
        [ "$(as "$owner" timeout 30 python3 -I -B "$d/hello.py")" = "$(grep -E '^Hello, world from Python' <<<"$o")" ] || return 1
}
