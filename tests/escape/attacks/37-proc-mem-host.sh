# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="writing the memory of the owner's process outside the sandbox (/proc/PID/mem)"
# The effect the host sees: the target holds a placeholder in its environment (ESC_MEM=0...0), the
# step overwrites it in the target's memory with a token, and the host reads the target's
# /proc/PID/environ (its memory, as it is now).
cmd="t=\$(for p in \$(pgrep -u alice -x sleep); do tr '\\0' ' ' < /proc/\$p/cmdline | grep -q '^esc-owner-mem' && echo \$p; done | head -n 1); echo target \$t; python3 -c 'import sys
p=sys.argv[1]; f=open(\"/proc/%s/mem\" % p, \"r+b\", buffering=0); print(\"MEM-OPEN\", flush=True)
st=open(\"/proc/%s/stat\" % p).read().rsplit(\")\", 1)[1].split(); s, e = int(st[47]), int(st[48])
f.seek(s); i=f.read(e - s).find(b\"ESC_MEM=\")
if i >= 0:
    f.seek(s + i + 8); f.write(sys.argv[2].encode()); print(\"MEM-WRITTEN\", flush=True)' \$t $(secret tok)"
setup() {
        setsid runuser -u alice -- env ESC_MEM="$(printf '%032d' 0)" bash -c 'exec -a esc-owner-mem sleep 900' </dev/null >/dev/null 2>&1 &
        sleep 0.5
}
happened() {
        local p
        grep -q MEM-OPEN <<<"$out" && return 0
        for p in $(pgrep -u alice -f '^esc-owner-mem'); do
                tr '\0' '\n' <"/proc/$p/environ" 2>/dev/null | grep -qx "ESC_MEM=$(secret tok)" && return 0
        done
        return 1
}
cleanup() { pkill -u alice -f esc-owner-mem; }
