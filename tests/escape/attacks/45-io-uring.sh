# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="io_uring_setup(2) (io_uring operations bypass seccomp)"
# Host evidence written by the step, only when the call succeeded: .esc-45-uring in the workspace,
# the new descriptor's name (anon_inode:[io_uring]) and its fdinfo.
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); p=ctypes.create_string_buffer(120); r=l.syscall(425,4,p); print(\"IO-URING\" if r>=0 else \"io_uring_setup: \"+os.strerror(ctypes.get_errno()), flush=True); r>=0 and open(\".esc-45-uring\",\"w\").write(os.readlink(\"/proc/self/fd/%d\" % r)+\"\\n\"+open(\"/proc/self/fdinfo/%d\" % r).read())'"
happened() { grep -qx IO-URING <<<"$out" || grep -qsxF "anon_inode:[io_uring]" "$ESC_WS/.esc-45-uring" || return 1; }
cleanup() { rm -f "$ESC_WS/.esc-45-uring"; }
