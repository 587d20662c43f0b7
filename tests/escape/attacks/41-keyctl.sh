# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="the owner's kernel keyring (shared with everything she runs): add a key"
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); k=l.syscall(248,b\"user\",b\"esc-key\",b\"v\",1,ctypes.c_int(-4)); print(\"KEY-ADDED\" if k>0 else \"add_key: \"+os.strerror(ctypes.get_errno()))'"
happened() { grep -q KEY-ADDED <<<"$out"; }
cleanup() { runuser -u alice -- python3 -c 'import ctypes; l=ctypes.CDLL(None); k=l.syscall(250, 0, ctypes.c_int(-4), 1); l.syscall(250, 7, ctypes.c_int(-4))' 2>/dev/null; true; }
