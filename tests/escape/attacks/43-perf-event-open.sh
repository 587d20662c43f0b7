# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="perf_event_open(2) (on a host with the upstream paranoia level 2)"
# Host evidence written by the step, only when the call succeeded: .esc-43-perf in the workspace,
# the new descriptor's name (anon_inode:[perf_event]) and its fdinfo.
cmd="python3 -c 'import ctypes,os,struct; l=ctypes.CDLL(None,use_errno=True); a=ctypes.create_string_buffer(struct.pack(\"IIQ\",1,128,0)+bytes(112)); ctypes.memmove(ctypes.addressof(a)+40, struct.pack(\"Q\", 1<<5|1<<6), 8); r=l.syscall(298,a,0,-1,-1,0); print(\"PERF-FD\" if r>=0 else \"perf_event_open: \"+os.strerror(ctypes.get_errno()), flush=True); r>=0 and open(\".esc-43-perf\",\"w\").write(os.readlink(\"/proc/self/fd/%d\" % r)+\"\\n\"+open(\"/proc/self/fdinfo/%d\" % r).read())'"
setup() { cat /proc/sys/kernel/perf_event_paranoid >"$ESC_STATE/saved"; echo 2 >/proc/sys/kernel/perf_event_paranoid; }
happened() { grep -q PERF-FD <<<"$out" || grep -qsxF "anon_inode:[perf_event]" "$ESC_WS/.esc-43-perf" || return 1; }
cleanup() { cat "$ESC_STATE/saved" >/proc/sys/kernel/perf_event_paranoid 2>/dev/null; rm -f "$ESC_WS/.esc-43-perf"; }
