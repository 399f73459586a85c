#!/usr/bin/env bash
# Usage: scripts/bench-peers.sh DIR [RUNS]
#
# Times iamlint against a peer scanner (tfsec, installed at a pinned version
# with go install) on the same tree, offline (inside unshare -n when
# available, so that no remote-module fetch skews a run), and prints each
# run's wall time and peak RSS, the medians, and their ratio. Not part of
# CI: it takes minutes and depends on the tree you give it. Mind what the
# peer reads: tfsec discovers root modules and may scan only a few files
# of a monorepo, where iamlint scans every module directory.
set -euo pipefail
dir=${1:?usage: bench-peers.sh DIR [RUNS]}
runs=${2:-3}
TFSEC_VERSION=v1.28.14

cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/iamlint" ./cmd/iamlint
if ! command -v tfsec >/dev/null; then
	echo "installing tfsec $TFSEC_VERSION (a few minutes)" >&2
	go install "github.com/aquasecurity/tfsec/cmd/tfsec@$TFSEC_VERSION"
fi

offline=()
if unshare -n true 2>/dev/null; then
	offline=(unshare -n)
fi

# measure CMD...: one run, prints "seconds kilobytes". Findings make the
# scanners exit non-zero; that is not a failure here.
measure() {
	/usr/bin/time -o "$bin/time" -f '%e %M' "${offline[@]}" "$@" >/dev/null 2>&1 || true
	tail -1 "$bin/time"
}

median() { sort -n | awk '{a[NR]=$1} END {print a[int((NR+1)/2)]}'; }

declare -A wall rss
for tool in iamlint tfsec; do
	w=() r=()
	for ((i = 1; i <= runs; i++)); do
		case $tool in
		iamlint) read -r s k < <(measure "$bin/iamlint" --go off --format json "$dir") ;;
		tfsec) read -r s k < <(measure tfsec --no-colour --format json "$dir") ;;
		esac
		printf '%-8s run %d: %6.2f s  %8d KB\n' "$tool" "$i" "$s" "$k"
		w+=("$s") r+=("$k")
	done
	wall[$tool]=$(printf '%s\n' "${w[@]}" | median)
	rss[$tool]=$(printf '%s\n' "${r[@]}" | median)
done
echo
printf 'median wall: iamlint %.2f s, tfsec %.2f s; iamlint takes %.2fx the time of tfsec\n' "${wall[iamlint]}" "${wall[tfsec]}" \
	"$(echo "${wall[iamlint]} / ${wall[tfsec]}" | bc -l)"
printf 'median peak RSS: iamlint %d KB, tfsec %d KB\n' "${rss[iamlint]}" "${rss[tfsec]}"
echo "files: $(find "$dir" -name '*.tf' -not -path '*/.terraform/*' | wc -l) .tf"
