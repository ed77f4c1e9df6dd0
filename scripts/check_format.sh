#!/usr/bin/env bash
# Checks that the C++ lines a change touches follow .clang-format (git clang-format on the lines
# changed since BASE; the tree itself is not reformatted wholesale, so untouched lines are left as
# they are). Prints the needed changes and exits 1 when there are any.
# Usage: scripts/check_format.sh [BASE]
#   BASE defaults to the merge base with main (origin/main), or HEAD~1 when that is HEAD itself.
set -euo pipefail
cd "$(dirname "$0")/.."
command -v git-clang-format >/dev/null ||
  { echo "check_format: git-clang-format is missing (apt-get install clang-format)" >&2; exit 2; }
base="${1:-}"
if [ -z "$base" ]; then
  base="$(git merge-base HEAD main 2>/dev/null || git merge-base HEAD origin/main 2>/dev/null || true)"
  if [ -z "$base" ] || [ "$base" = "$(git rev-parse HEAD)" ]; then base="HEAD~1"; fi
fi
diff="$(git clang-format --diff --extensions cc,h "$base" -- src include tests bench 2>&1 || true)"
case "$diff" in
  "" | "no modified files to format" | "clang-format did not modify any files")
    echo "check_format: the lines changed since $(git rev-parse --short "$base") follow .clang-format"
    exit 0
    ;;
esac
printf '%s\n' "$diff"
echo "check_format: 'git clang-format $base' formats the lines above" >&2
exit 1
