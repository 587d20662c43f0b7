# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="io_uring_setup(2) (io_uring operations bypass seccomp)"
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); p=ctypes.create_string_buffer(120); r=l.syscall(425,4,p); print(\"IO-URING\" if r>=0 else \"io_uring_setup: \"+os.strerror(ctypes.get_errno()))'"
happened() { grep -qx IO-URING <<<"$out"; }
