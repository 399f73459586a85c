#!/usr/bin/env bash
# Usage: scripts/fix-corpus.sh IAMLINT_BINARY DIR...
# The real-world check of "iamlint fix": each module directory is copied
# to a scratch directory, fixed with --write, rescanned, and the changed
# files are checked with terraform fmt -check (and cfn-lint for
# templates). Prints one line per directory: findings before and after
# (all rules, and those of the rules with fixes), fixes made and partial,
# and the validators' verdicts.
set -uo pipefail
bin=$1
shift
scratch=$(mktemp -d)
trap 'rm -rf "$scratch"' EXIT
export TF_CLI_CONFIG_FILE="$scratch/.terraformrc"
: >"$TF_CLI_CONFIG_FILE"
count() { # count DIR FILE: "all fixable errors" of a scan, its JSON kept in FILE
	(cd "$1" && "$bin" --format json --go off --quiet . 2>/dev/null) | tee "$2" | python3 -c '
import json, sys
d = json.load(sys.stdin)
fixable = {"IAM101", "IAM102", "IAM103", "IAM106", "IAM302"}
errors = sum(1 for x in d.get("diagnostics", []) if x["severity"] == "error")
print(len(d["findings"]), sum(1 for f in d["findings"] if f["rule_id"] in fixable), errors)'
}
printf '%-70s %9s %9s %7s %7s %7s %s\n' directory before after new fixes partial validators
i=0
for dir in "$@"; do
	i=$((i + 1))
	work="$scratch/$i"
	cp -r "$dir" "$work"
	read -r all_before fix_before err_before < <(count "$work" "$scratch/before-$i.json")
	summary=$(cd "$work" && "$bin" fix --write --go off . 2>&1 >"$scratch/changed-$i")
	fixes=$(echo "$summary" | sed -n 's/^iamlint: \([0-9]*\) fix.*/\1/p')
	partial=$(echo "$summary" | sed -n 's/.*(\([0-9]*\) partial.*/\1/p')
	read -r all_after fix_after err_after < <(count "$work" "$scratch/after-$i.json")
	# New findings: fingerprints the scan before did not have. A key the
	# fixes took out of its workloads but something else still uses is
	# reported by IAM105 instead: counted apart.
	new=$(python3 - "$scratch/before-$i.json" "$scratch/after-$i.json" <<'PY'
import json, sys
before = {f["fingerprint"] for f in json.load(open(sys.argv[1]))["findings"]}
after = json.load(open(sys.argv[2]))["findings"]
new = [f for f in after if f["fingerprint"] not in before]
kept = sum(1 for f in new if f["rule_id"] == "IAM105")
print(f"{len(new) - kept}+{kept}")
PY
)
	verdict=""
	tf=() cfn=()
	while read -r f; do
		case "$f" in
		*.tf) tf+=("$work/$f") ;;
		*.yaml | *.yml | *.json | *.template) cfn+=("$work/$f") ;;
		esac
	done < <(sed -n 's/^fixed //p' "$scratch/changed-$i")
	if [ ${#tf[@]} -gt 0 ]; then
		# terraform fmt -check on the changed files, after and before the
		# fix: a file that was not formatted before is not after either
		# (the fix formats with hclwrite, which does not unwrap "${x}").
		after=0 before=0
		for f in "${tf[@]}"; do
			terraform fmt -check "$f" >/dev/null 2>&1 && after=$((after + 1))
			terraform fmt -check "$dir/${f#"$work"/}" >/dev/null 2>&1 && before=$((before + 1))
		done
		verdict+="fmt-clean ${before}->${after}/${#tf[@]}"
	fi
	if [ ${#cfn[@]} -gt 0 ]; then
		if cfn-lint -- "${cfn[@]}" >/dev/null 2>&1; then verdict+=" cfn-lint ok"; else verdict+=" cfn-lint FAIL"; fi
	fi
	if [ "$err_after" -gt "$err_before" ]; then verdict+=" PARSE ERRORS"; fi
	name=$dir
	[ ${#name} -gt 70 ] && name="…${name: -69}"
	printf '%-70s %4s/%-4s %4s/%-4s %7s %7s %7s %s\n' "$name" "$all_before" "$fix_before" "$all_after" "$fix_after" "$new" "${fixes:-0}" "${partial:-0}" "${verdict:-nothing changed}"
done
