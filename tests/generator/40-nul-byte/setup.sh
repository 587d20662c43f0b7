#!/bin/sh
# A NUL byte on line 3 (git could store it, but nobody could review it): libconfig would stop reading
# at the NUL and silently drop the rest of the file, so the loader refuses the whole file.
set -e
printf 'description = "Hides the rest";\nlimits = {\n        memory = "2G";\0\n        tasks = 64;\n};\n' >"$1/etc/ccsbx/nul.conf"
