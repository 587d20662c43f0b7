# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="bpf(2): an eBPF map (on a host that allows unprivileged bpf)"
cmd="python3 -c 'import ctypes,os,struct; l=ctypes.CDLL(None,use_errno=True); a=ctypes.create_string_buffer(struct.pack(\"IIII\",2,4,4,1),64); r=l.syscall(321,0,a,64); print(\"BPF-MAP\" if r>=0 else \"bpf: \"+os.strerror(ctypes.get_errno()))'"
setup() { cat /proc/sys/kernel/unprivileged_bpf_disabled >"$ESC_STATE/saved"; echo 0 >/proc/sys/kernel/unprivileged_bpf_disabled; }
happened() { grep -q BPF-MAP <<<"$out"; }
cleanup() { cat "$ESC_STATE/saved" >/proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null; true; }
