# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="userfaultfd(2) (user-mode faults, allowed to anyone by default)"
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); r=l.syscall(323,0o2000000|1); print(\"UFFD\" if r>=0 else \"userfaultfd: \"+os.strerror(ctypes.get_errno()))'"
happened() { grep -qx UFFD <<<"$out"; }
