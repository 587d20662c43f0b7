# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="bpf(2): an eBPF map (on a host that allows unprivileged bpf)"
# Host evidence written by the step, only when the call succeeded: .esc-42-bpf in the workspace,
# the new descriptor's name (anon_inode:bpf-map) and its fdinfo.
cmd="python3 -c 'import ctypes,os,struct; l=ctypes.CDLL(None,use_errno=True); a=ctypes.create_string_buffer(struct.pack(\"IIII\",2,4,4,1),64); r=l.syscall(321,0,a,64); print(\"BPF-MAP\" if r>=0 else \"bpf: \"+os.strerror(ctypes.get_errno()), flush=True); r>=0 and open(\".esc-42-bpf\",\"w\").write(os.readlink(\"/proc/self/fd/%d\" % r)+\"\\n\"+open(\"/proc/self/fdinfo/%d\" % r).read())'"
setup() { cat /proc/sys/kernel/unprivileged_bpf_disabled >"$ESC_STATE/saved"; echo 0 >/proc/sys/kernel/unprivileged_bpf_disabled; }
happened() { grep -q BPF-MAP <<<"$out" || grep -qsxF anon_inode:bpf-map "$ESC_WS/.esc-42-bpf" || return 1; }
cleanup() { cat "$ESC_STATE/saved" >/proc/sys/kernel/unprivileged_bpf_disabled 2>/dev/null; rm -f "$ESC_WS/.esc-42-bpf"; }
