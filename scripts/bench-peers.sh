#!/usr/bin/env bash
# Usage: scripts/bench-peers.sh [-p PEER] [-n RUNS] DIR
#
# Times iamlint against a peer scanner on the same tree, offline (inside
# unshare -n when available, so that no download of remote modules or
# check bundles skews a run), and prints each run's wall time and peak
# RSS, the medians, and their ratios. Not part of CI: it takes minutes and
# depends on the tree you give it.
#
# PEER is installed at a pinned version with go install when missing:
#   tfsec  v1.28.14 (about 3 minutes to build). Mind what it reads: it
#          discovers root modules and may scan only a few files of a
#          monorepo, where iamlint scans every module directory.
#   trivy  v0.74.0, "trivy config" (about 11 minutes to build; needs
#          GOEXPERIMENT=jsonv2). Run with its embedded checks
#          (--skip-check-update) and --timeout 60m: at its default
#          5-minute timeout it gives up on large monorepos.
#
# Both iamlint and the peer run with their default checks and JSON
# output; iamlint with --go off (no Go programs in these trees).
set -euo pipefail

peer=tfsec runs=3
while getopts "p:n:" opt; do
	case $opt in
	p) peer=$OPTARG ;;
	n) runs=$OPTARG ;;
	*) exit 2 ;;
	esac
done
shift $((OPTIND - 1))
dir=${1:?usage: bench-peers.sh [-p tfsec|trivy] [-n RUNS] DIR}
dir=$(cd "$dir" && pwd)

TFSEC_VERSION=v1.28.14
TRIVY_VERSION=v0.74.0

cd "$(dirname "$0")/.."
export PATH="$(go env GOPATH)/bin:$PATH"
bin=$(mktemp -d)
trap 'rm -rf "$bin"' EXIT
go build -o "$bin/iamlint" ./cmd/iamlint

case $peer in
tfsec)
	if ! command -v tfsec >/dev/null; then
		echo "installing tfsec $TFSEC_VERSION (a few minutes)" >&2
		go install "github.com/aquasecurity/tfsec/cmd/tfsec@$TFSEC_VERSION"
	fi
	peer_cmd=(tfsec --no-colour --format json "$dir")
	;;
trivy)
	if ! command -v trivy >/dev/null; then
		echo "installing trivy $TRIVY_VERSION (about 11 minutes)" >&2
		GOEXPERIMENT=jsonv2 go install "github.com/aquasecurity/trivy/cmd/trivy@$TRIVY_VERSION"
	fi
	peer_cmd=(trivy config --skip-check-update --timeout 60m --cache-dir "$bin/trivy-cache" --format json "$dir")
	;;
*)
	echo "unknown peer $peer: tfsec or trivy" >&2
	exit 2
	;;
esac

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
# Alternate the tools run by run, so that a slow spell of a shared
# machine falls on both.
for ((i = 1; i <= runs; i++)); do
	for tool in iamlint "$peer"; do
		if [ "$tool" = iamlint ]; then
			read -r s k < <(measure "$bin/iamlint" --go off --format json "$dir")
		else
			read -r s k < <(measure "${peer_cmd[@]}")
		fi
		printf '%-8s run %d: %8.2f s  %9d KB\n' "$tool" "$i" "$s" "$k"
		wall[$tool]+="$s "
		rss[$tool]+="$k "
	done
done
w_i=$(echo "${wall[iamlint]}" | tr ' ' '\n' | grep . | median)
w_p=$(echo "${wall[$peer]}" | tr ' ' '\n' | grep . | median)
r_i=$(echo "${rss[iamlint]}" | tr ' ' '\n' | grep . | median)
r_p=$(echo "${rss[$peer]}" | tr ' ' '\n' | grep . | median)
echo
printf 'median wall: iamlint %.2f s, %s %.2f s: %s takes %.1fx the time of iamlint\n' "$w_i" "$peer" "$w_p" "$peer" \
	"$(echo "$w_p / $w_i" | bc -l)"
printf 'median peak RSS: iamlint %d KB, %s %d KB: iamlint uses %.3f of %s'"'"'s\n' "$r_i" "$peer" "$r_p" \
	"$(echo "$r_i / $r_p" | bc -l)" "$peer"
echo "files: $(find "$dir" \( -name .terraform -o -name .git \) -prune -o -type f \( -name '*.tf' -o -name '*.tf.json' \) -print | wc -l) Terraform," \
	"$(find "$dir" \( -name .terraform -o -name .git \) -prune -o -type f \( -name '*.yaml' -o -name '*.yml' -o -name '*.json' -o -name '*.template' \) -print | wc -l) YAML/JSON"
