# SPDX-License-Identifier: LGPL-2.1-or-later
class=privilege
what="the owner's kernel keyring (shared with everything she runs): add a key"
cmd="python3 -c 'import ctypes,os; l=ctypes.CDLL(None,use_errno=True); k=l.syscall(248,b\"user\",b\"esc-key\",b\"v\",1,ctypes.c_int(-4)); print(\"KEY-ADDED\" if k>0 else \"add_key: \"+os.strerror(ctypes.get_errno()))'"
# The effect the host sees: the key in the owner's user keyring (KEY_SPEC_USER_KEYRING, one for all
# her processes), found from outside by a process of hers (keyctl(KEYCTL_SEARCH), syscall 250).
# No key of an earlier run may pass for this one's.
setup() { cleanup; }
happened() {
        grep -q KEY-ADDED <<<"$out" && return 0
        runuser -u alice -- python3 -c 'import ctypes,sys; l=ctypes.CDLL(None); sys.exit(0 if l.syscall(250, 10, ctypes.c_int(-4), b"user", b"esc-key", 0) > 0 else 1)' 2>/dev/null
}
cleanup() { runuser -u alice -- python3 -c 'import ctypes; l=ctypes.CDLL(None); k=l.syscall(250, 0, ctypes.c_int(-4), 1); l.syscall(250, 7, ctypes.c_int(-4))' 2>/dev/null; true; }
