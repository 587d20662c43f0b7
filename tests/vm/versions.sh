# shellcheck shell=sh
# Pinned versions for the VM image (sourced by build-image.sh; part of its cache key).
# Bump CLAUDE_CODE_VERSION after checking `npm view @anthropic-ai/claude-code version`.
export CLAUDE_CODE_VERSION=2.1.330
# Guest distribution: Debian 12, systemd 252, polkitd 122.
export DEBIAN_SUITE=bookworm
