#!/bin/bash
# SPDX-License-Identifier: LGPL-2.1-or-later
# Build the source and binary rpm from this tree: tools/build-rpm.sh [OUTDIR]
# Makes ccsbx-VERSION.tar.gz of what git tracks (as tools/build-deb.sh copies it), runs rpmbuild -ba
# on packaging/rpm/ccsbx.spec with the macros this host lacks (packaging/rpm/macros.build-host,
# passed with --load: the spec itself is the one an rpm distribution builds) and rpmlint on both
# rpms (with packaging/rpm/rpmlint.toml, the rpm distributions' settings), signs them (see below)
# and leaves them in OUTDIR (default: build-rpm/), with the signing key's public half. rpmbuild runs with --nodeps: the build
# dependencies come from apt here (tools/build-deps.txt), and Debian's rpm database does not know
# them. Prints rpmlint's warnings, then the binary rpm's path as the last line; fails on a build
# error or on any error of rpmlint.
set -eu
cd "$(dirname "$0")/.."
src=$PWD
out=$(realpath -m "${1:-$src/build-rpm}")
version=$(sed -n "s/^ *version : '\([^']*\)',.*/\1/p" meson.build | head -n 1)
[ -n "$version" ] || { echo "build-rpm.sh: no version in meson.build" >&2; exit 1; }
grep -q "^Version: *$version\$" packaging/rpm/ccsbx.spec ||
        { echo "build-rpm.sh: packaging/rpm/ccsbx.spec is not at version $version (meson.build)" >&2; exit 1; }
for t in rpmbuild rpmlint; do
        command -v "$t" >/dev/null || { echo "build-rpm.sh: $t missing (apt-get install rpm rpmlint)" >&2; exit 1; }
done
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT

mkdir -p "$out" "$work"/{SOURCES,tree/ccsbx-"$version"}
git ls-files -co --exclude-standard -z | grep -zv '^build' | xargs -0 cp --parents -t "$work/tree/ccsbx-$version"
tar -C "$work/tree" --owner=0 --group=0 --sort=name -czf "$work/SOURCES/ccsbx-$version.tar.gz" "ccsbx-$version"
cp sysusers/ccsbx.conf "$work/SOURCES/ccsbx.sysusers"
packager=${CCSBX_RPM_PACKAGER:-ccsbx developers <ccsbx-devel@lists.example.org>}
rpmbuild --load packaging/rpm/macros.build-host --define "_topdir $work" --define "packager $packager" \
        --nodeps -ba packaging/rpm/ccsbx.spec \
        >"$work/build.log" 2>&1 || {
        tail -n 40 "$work/build.log" >&2
        echo "rpmbuild failed" >&2
        exit 1
}
srpm=$(ls "$work"/SRPMS/ccsbx-*.src.rpm)
rpm=$(ls "$work"/RPMS/*/ccsbx-"$version"-*.rpm | grep -v debug)
cp "$srpm" "$rpm" "$out/"
srpm=$out/$(basename "$srpm") rpm=$out/$(basename "$rpm")
# Signed: with the key CCSBX_RPM_GPG_NAME names in the caller's keyring, or else with a throw-away
# key made for this build, whose public half then goes only into a private rpm database that
# rpmlint's "rpm -K" reads (HOME below), so that the signature is checked, not just present.
export HOME=$work/home GNUPGHOME=$work/gnupg
mkdir -p "$HOME" -m 0700 "$GNUPGHOME"
if [ -n "${CCSBX_RPM_GPG_NAME:-}" ]; then
        GNUPGHOME=${CCSBX_RPM_GNUPGHOME:-$HOME/.gnupg}
        gpg_name=$CCSBX_RPM_GPG_NAME
else
        gpg_name="ccsbx build-rpm.sh throw-away key <build-rpm@localhost>"
        gpg --batch --quiet --passphrase '' --quick-gen-key "$gpg_name" ed25519 sign 1d 2>"$work/gpg.log" ||
                { cat "$work/gpg.log" >&2; echo "build-rpm.sh: cannot make a signing key" >&2; exit 1; }
fi
rpmsign --addsign --define "__gpg $(command -v gpg)" --define "_gpg_name $gpg_name" --define "_gpg_path $GNUPGHOME" "$srpm" "$rpm" >"$work/sign.log" 2>&1 ||
        { cat "$work/sign.log" >&2; echo "build-rpm.sh: rpmsign failed" >&2; exit 1; }
gpg --batch --armor --export "$gpg_name" >"$out/RPM-GPG-KEY-ccsbx"
printf '%%_dbpath %s\n' "$work/rpmdb" >"$HOME/.rpmmacros"
rpm --initdb && rpm --import "$out/RPM-GPG-KEY-ccsbx"
rc=0
rpmlint -c packaging/rpm/rpmlint.toml "$srpm" "$rpm" >"$out/rpmlint.log" 2>&1 || rc=$?
grep -E '^[^ ]+: [WE]: ' "$out/rpmlint.log" >&2 || true
tail -n 1 "$out/rpmlint.log" >&2
if grep -qE '^[^ ]+: E: ' "$out/rpmlint.log"; then
        echo "rpmlint reported errors" >&2
        exit 1
fi
[ "$rc" = 0 ] || [ "$rc" = 64 ] || { echo "rpmlint failed (status $rc)" >&2; exit 1; } # 64: warnings only
echo "$srpm"
echo "$rpm"
