# SPDX-License-Identifier: LGPL-2.1-or-later
# Checks that the agent can create a Python venv offline, run its python and pip, and import its own module from it.

class=legit
what="python3 -m venv (pip from Debian's bundled wheel, nothing downloaded), the venv's python and pip run, a module in its site-packages"
timeout=120
cmd=$(cat <<'CMD'
(
set -e
mkdir -p 10-python-venv && cd 10-python-venv
python3 -m venv venv
venv/bin/python -c 'import sys; print("venv python", sys.version.split()[0], "in venv:", sys.prefix != sys.base_prefix, "prefix:", sys.prefix)'
venv/bin/pip --version
site=$(venv/bin/python -c 'import sysconfig; print(sysconfig.get_paths()["purelib"])')
cat > "$site/ccsbx_demo.py" <<'PY'
def hello():
    return "hello from the venv"
PY
venv/bin/python -c 'import ccsbx_demo; print("ccsbx_demo:", ccsbx_demo.hello(), "from", ccsbx_demo.__file__)'
if python3 -c 'import ccsbx_demo' 2>/dev/null; then
        echo "system python sees ccsbx_demo: yes"
else
        echo "system python sees ccsbx_demo: no"
fi
)
CMD
)

happened() {
        local d=$ESC_WS/10-python-venv o=${out//$'\r'/} site pipver
        [ "$rc" = 0 ] || return 1
        [ -f "$d/venv/pyvenv.cfg" ] && [ -L "$d/venv/bin/python" ] || return 1
        grep -qE '^home = /usr/bin$' "$d/venv/pyvenv.cfg" || return 1
        site=$(echo "$d"/venv/lib/python3.*/site-packages) || return 1
        [ -d "$site/pip" ] && [ -f "$site/ccsbx_demo.py" ] || return 1
        grep -qF 'return "hello from the venv"' "$site/ccsbx_demo.py" || return 1
        # pip is the one installed into this venv, at the version of its dist-info.
        pipver=$(basename "$site"/pip-*.dist-info .dist-info) || return 1
        pipver=${pipver#pip-}
        grep -qE "^pip ${pipver//./\\.} from \S*/10-python-venv/venv/lib/python3\.[0-9]+/site-packages/pip \(python 3\.[0-9]+\)\$" <<<"$o" || return 1
        grep -qE '^venv python 3\.[0-9.]+ in venv: True prefix: \S*/10-python-venv/venv$' <<<"$o" || return 1
        grep -qE '^ccsbx_demo: hello from the venv from \S*/10-python-venv/venv/lib/python3\.[0-9]+/site-packages/ccsbx_demo\.py$' <<<"$o" || return 1
        grep -qx 'system python sees ccsbx_demo: no' <<<"$o" || return 1
}
