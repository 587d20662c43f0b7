# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="userfaultfd(2) (user-mode faults, allowed to anyone by default)"
# Host evidence written by the step, only when the call succeeded: .esc-44-uffd in the workspace,
# the new descriptor's name (anon_inode:[userfaultfd]) and its fdinfo.
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); r=l.syscall(323,0o2000000|1); print(\"UFFD\" if r>=0 else \"userfaultfd: \"+os.strerror(ctypes.get_errno()), flush=True); r>=0 and open(\".esc-44-uffd\",\"w\").write(os.readlink(\"/proc/self/fd/%d\" % r)+\"\\n\"+open(\"/proc/self/fdinfo/%d\" % r).read())'"
happened() { grep -qx UFFD <<<"$out" || grep -qsxF "anon_inode:[userfaultfd]" "$ESC_WS/.esc-44-uffd" || return 1; }
cleanup() { rm -f "$ESC_WS/.esc-44-uffd"; }
