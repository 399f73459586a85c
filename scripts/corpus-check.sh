#!/usr/bin/env bash
# Usage: scripts/corpus-check.sh DIR...
#
# Robustness check of iamlint on real infrastructure code; not part of CI.
# Each DIR is a checked-out repository (fetch them yourself). For each,
# iamlint runs once over the whole tree with --parse-all, under a timeout,
# and the check fails on a panic ("internal error:" diagnostic, a crash, an
# exit status of 3 or a signal), a hang (the timeout), or a parse error on
# a file the language's reference parser accepts. The reference is
# scripts/internal/hclcheck: HashiCorp's HCL parsers and the labels and
# argument-only bodies of Terraform's file schema for Terraform, yaml.v3
# and encoding/json for CloudFormation. An error on a valid-looking
# CloudFormation template is listed as CHECK, not a failure: a bad
# intrinsic is a legitimate error. Errors on files the reference rejects
# too are expected and only counted.
#
# Each file is also scanned on its own, under a per-file timeout, when the
# whole run failed or took longer than CORPUS_SLOW seconds, or always with
# CORPUS_PER_FILE=1 (slow: one process per file).
#
# Environment:
#   CORPUS_TIMEOUT=300      seconds for the whole run of one DIR
#   CORPUS_FILE_TIMEOUT=10  seconds for one file in the per-file check
#   CORPUS_PER_FILE=0       1 always runs the per-file check
#   CORPUS_SLOW=60          whole-run seconds above which it runs anyway
#   CORPUS_VERBOSE=0        1 also lists the files the reference rejects
#
# Prints the problems of each DIR (FAIL, CHECK), then a summary table;
# exits 1 when anything failed, 2 on bad usage. Needs go, python3,
# timeout and GNU time (/usr/bin/time); jq is not needed.
set -euo pipefail

if [ $# -eq 0 ]; then
	echo "usage: scripts/corpus-check.sh DIR..." >&2
	exit 2
fi
for tool in python3 timeout /usr/bin/time; do
	if ! command -v "$tool" >/dev/null; then
		echo "corpus-check: $tool is needed" >&2
		exit 2
	fi
done
timeout_s=${CORPUS_TIMEOUT:-300}
file_timeout=${CORPUS_FILE_TIMEOUT:-10}
per_file=${CORPUS_PER_FILE:-0}
slow=${CORPUS_SLOW:-60}
export CORPUS_VERBOSE=${CORPUS_VERBOSE:-0}
for v in "$timeout_s" "$file_timeout" "$slow"; do
	if ! [[ $v =~ ^[0-9]+([.][0-9]+)?$ ]]; then
		echo "corpus-check: CORPUS_TIMEOUT, CORPUS_FILE_TIMEOUT and CORPUS_SLOW are seconds, not \"$v\"" >&2
		exit 2
	fi
done

# The directories, absolute: the script moves to the repository root.
dirs=()
for d in "$@"; do
	if [ -d "$d" ]; then
		dirs+=("$(cd "$d" && pwd)")
	else
		echo "corpus-check: $d: not a directory, skipped" >&2
	fi
done

cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
go build -o "$tmp/iamlint" ./cmd/iamlint
go build -o "$tmp/hclcheck" ./scripts/internal/hclcheck

# The report is written in Python (no jq needed): analyze.py DIR WORK
# reads what the runs below left in WORK, prints the problems and appends
# the summary row to $tmp/rows.jsonl; analyze.py --table prints the table.
cat >"$tmp/analyze.py" <<'PY'
import json, os, re, subprocess, sys

CRASH = re.compile(r'^(panic: |fatal error: |runtime: |goroutine \d+ \[)', re.M)
TF_EXTS = ('.tf', '.tf.json', '.tfvars', '.tfvars.json')
TEMPLATE_EXTS = ('.yaml', '.yml', '.json', '.template')


def kind(path):
    base = os.path.basename(path)
    if base.endswith(TF_EXTS):
        return 'tf'
    if base.lower().endswith(TEMPLATE_EXTS):
        return 'template'
    return 'other'


def read(path, limit=None):
    try:
        with open(path, 'rb') as f:
            return f.read() if limit is None else f.read(limit)
    except OSError:
        return b''


def where(d):
    f, s = d.get('file') or '?', d.get('start')
    return '%s:%d:%d' % (f, s['line'], s['column']) if s else f


def crash_text(text):
    m = CRASH.search(text)
    return ' | '.join([l for l in text[m.start():].splitlines() if l.strip()][:3]) if m else None


def describe_status(rc, secs, limit):
    # timeout exits 124, or 137 when it had to follow with SIGKILL.
    if rc == 124 or rc == 137 and secs >= limit:
        return 'timed out'
    if rc > 128:
        return 'killed by signal %d' % (rc - 128)
    if rc == 3:
        return 'exit status 3 (internal error)'
    if rc not in (0, 1, 2):
        return 'exit status %d' % rc
    return None


def analyze(dirname, work):
    env = json.load(open(os.path.join(work, 'env.json')))
    hclcheck, verbose = env['hclcheck'], os.environ.get('CORPUS_VERBOSE') == '1'
    files = [p for p in read(os.path.join(work, 'files')).decode('utf-8', 'surrogateescape').split('\0') if p]
    row = {'dir': dirname, 'tf': 0, 'tfother': 0, 'candidates': 0, 'templates': 0,
           'wall': env['wall'], 'rss_mb': env['rss_kb'] / 1024.0, 'exit': env['rc'],
           'findings': None, 'errors': 0, 'rejects': 0, 'invalid': 0, 'invalid_files': 0,
           'checks': 0, 'internal': 0, 'timeouts': 0, 'failures': 0, 'per_file': env['per_file']}
    for p in files:
        if p.endswith('.tf'):
            row['tf'] += 1
        elif kind(p) == 'tf':
            row['tfother'] += 1
        else:
            row['candidates'] += 1
            head = read(p, 8 << 20)
            if b'AWSTemplateFormatVersion' in head or (b'Resources' in head and b'AWS::' in head):
                row['templates'] += 1
    failures, checks = [], []

    def fail(msg):
        failures.append(msg)

    print('== %s' % dirname)
    print('whole run: exit %d, %.2f s, %.0f MB peak RSS' % (env['rc'], env['wall'], row['rss_mb']))
    status = describe_status(env['rc'], env['wall'], env['timeout'])
    if status:
        fail('whole run %s (after %.2f s)' % (status, env['wall']))
        if status == 'timed out':
            row['timeouts'] += 1
    stderr = read(os.path.join(work, 'stderr')).decode('utf-8', 'replace')
    crash = crash_text(stderr)
    if crash:
        row['internal'] += 1
        fail('whole run crashed: ' + crash)
    doc = None
    try:
        doc = json.load(open(os.path.join(work, 'out.json')))
    except (OSError, ValueError) as e:
        if not status and not crash:
            fail('whole run wrote no JSON report (%s); stderr: %s' % (e, stderr.strip()[-300:]))

    seen_internal = set()
    if doc is not None:
        row['findings'] = len(doc.get('findings') or [])
        errors = [d for d in doc.get('diagnostics') or [] if d.get('severity') == 'error']
        parse_errors = []
        for d in errors:
            if d.get('summary', '').startswith('internal error:'):
                row['internal'] += 1
                seen_internal.add((d.get('file'), d.get('summary')))
                fail('internal error: %s: %s' % (where(d), d['summary']))
            else:
                parse_errors.append(d)
        row['errors'] = len(parse_errors)
        # The reference parser's verdict on every file with an error.
        paths = sorted({d.get('file') for d in parse_errors
                        if d.get('file') and kind(d['file']) != 'other' and os.path.isfile(d['file'])})
        ref = {}
        if paths:
            out = subprocess.run([hclcheck], input='\n'.join(paths) + '\n', capture_output=True, text=True)
            if out.returncode != 0:
                print('hclcheck: ' + out.stderr.strip(), file=sys.stderr)
            for line in out.stdout.splitlines():
                r = json.loads(line)
                ref[r['file']] = r
        invalid = {}
        for d in parse_errors:
            f, msg = d.get('file'), '%s: %s' % (where(d), d.get('summary'))
            r = ref.get(f)
            if r is None:
                row['checks'] += 1
                checks.append('other: ' + msg)
            elif not r['valid']:
                row['invalid'] += 1
                invalid.setdefault(f, ('(%s) %s' % (r.get('stage'), r.get('error') or ''), []))[1].append(msg)
            elif kind(f) == 'tf':
                row['rejects'] += 1
                fail('iamlint rejects a valid file: %s (%s accepts it)' % (msg, r['lang']))
            else:
                row['checks'] += 1
                note = '' if r.get('template') else ' (the reference does not see a template)'
                checks.append('template: %s%s' % (msg, note))
        row['invalid_files'] = len(invalid)
        if invalid:
            stages = {}
            for f in invalid:
                stage = ref[f].get('stage') or '?'
                stages[stage] = stages.get(stage, 0) + 1
            print('invalid files (the reference rejects them too): %d files (%s), %d errors%s' % (
                len(invalid), ', '.join('%s %d' % kv for kv in sorted(stages.items())), row['invalid'],
                '' if verbose else '; CORPUS_VERBOSE=1 lists them'))
            if verbose:
                for f in sorted(invalid):
                    ref_err, msgs = invalid[f]
                    print('  %s' % msgs[0])
                    for m in msgs[1:]:
                        print('    also %s' % m)
                    print('    reference: %s' % ref_err)

    if env['per_file']:
        rows = [l.split('\t', 4) for l in read(os.path.join(work, 'perfile.tsv')).decode('utf-8', 'surrogateescape').splitlines()]
        times = []
        for n, rc, t0, t1, path in rows:
            rc, secs = int(rc), float(t1.replace(',', '.')) - float(t0.replace(',', '.'))
            times.append((secs, path))
            status = describe_status(rc, secs, env['file_timeout'])
            if status:
                if status == 'timed out':
                    row['timeouts'] += 1
                fail('per-file: %s %s (%.1f s)' % (path, status, secs))
            text = read(os.path.join(work, 'pf', n + '.err')).decode('utf-8', 'replace')
            crash = crash_text(text)
            if crash:
                row['internal'] += 1
                fail('per-file: %s crashed: %s' % (path, crash))
            try:
                pdoc = json.load(open(os.path.join(work, 'pf', n + '.json')))
            except (OSError, ValueError):
                continue
            for d in pdoc.get('diagnostics') or []:
                if d.get('summary', '').startswith('internal error:') and (d.get('file'), d['summary']) not in seen_internal:
                    seen_internal.add((d.get('file'), d['summary']))
                    row['internal'] += 1
                    fail('per-file: internal error: %s: %s' % (where(d), d['summary']))
        times.sort(reverse=True)
        print('per-file: %d files in %.1f s; slowest: %s' % (
            len(times), sum(t for t, _ in times), ', '.join('%.2f s %s' % t for t in times[:3]) or '-'))

    for c in checks:
        print('CHECK ' + c)
    for f in failures:
        print('FAIL ' + f)
    row['failures'] = len(failures)
    print()
    with open(env['rows'], 'a') as out:
        out.write(json.dumps(row) + '\n')


def table(rows_path):
    rows = [json.loads(l) for l in open(rows_path)] if os.path.exists(rows_path) else []
    head = ['dir', '.tf', 'tfvars/json', 'yaml/json', 'templates', 'wall s', 'RSS MB', 'exit', 'findings',
            'errors', 'rejects', 'invalid', 'checks', 'internal', 'timeouts', 'result']
    lines = [head]
    for r in rows:
        if r.get('skipped'):
            lines.append([os.path.basename(r['dir']), '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-', '-',
                          '-', '-', 'skipped: ' + r['skipped']])
            continue
        lines.append([os.path.basename(r['dir']), str(r['tf']), str(r['tfother']), str(r['candidates']),
                      str(r['templates']), '%.2f' % r['wall'], '%.0f' % r['rss_mb'], str(r['exit']),
                      '-' if r['findings'] is None else str(r['findings']), str(r['errors']), str(r['rejects']),
                      '%d/%df' % (r['invalid'], r['invalid_files']), str(r['checks']), str(r['internal']),
                      str(r['timeouts']),
                      ('FAIL(%d)' % r['failures'] if r['failures'] else 'ok') + (' +per-file' if r['per_file'] else '')])
    widths = [max(len(l[i]) for l in lines) for i in range(len(head))]
    for l in lines:
        print('  '.join(c.ljust(w) if i == 0 else c.rjust(w) for i, (c, w) in enumerate(zip(l, widths))).rstrip())
    print('\nyaml/json: CloudFormation candidates by name; templates: those that look like one (iamlint\'s byte test).'
          '\nerrors: error diagnostics other than internal errors, split into rejects (of a file the reference'
          ' parser accepts: FAIL),\ninvalid (of files it rejects too: errors/files) and checks (on CloudFormation'
          ' templates: inspect).\ninternal: "internal error:" diagnostics and crashes. timeouts: of the whole run and'
          ' of single files.')
    return 1 if any(r.get('failures') for r in rows) else 0


if sys.argv[1] == '--table':
    sys.exit(table(sys.argv[2]))
if sys.argv[1] == '--skip':
    with open(sys.argv[2], 'a') as out:
        out.write(json.dumps({'dir': sys.argv[3], 'skipped': sys.argv[4]}) + '\n')
    sys.exit(0)
analyze(sys.argv[1], sys.argv[2])
PY

i=0
for dir in "${dirs[@]}"; do
	i=$((i + 1))
	work=$tmp/$i
	mkdir -p "$work/pf"
	# The files iamlint reads, skipping the directories it skips.
	find "$dir" \( -name .terraform -o -name .git -o -name node_modules -o -name .aws-sam \) -prune -o \
		-xtype f \( -name '*.tf' -o -name '*.tf.json' -o -name '*.tfvars' -o -name '*.tfvars.json' \
		-o -iname '*.yaml' -o -iname '*.yml' -o -iname '*.json' -o -iname '*.template' \) -print0 >"$work/files"
	if [ ! -s "$work/files" ]; then
		echo "== $dir: no Terraform, YAML or JSON files, skipped" >&2
		python3 "$tmp/analyze.py" --skip "$tmp/rows.jsonl" "$dir" "no files"
		continue
	fi

	echo "-- $dir: whole run (timeout ${timeout_s}s)" >&2
	rc=0
	/usr/bin/time -o "$work/time" -f '%e %M' timeout -k 10 "$timeout_s" \
		"$tmp/iamlint" --go off --format json --parse-all "$dir" >"$work/out.json" 2>"$work/stderr" || rc=$?
	wall=0 rss=0
	read -r wall rss < <(tail -n 1 "$work/time") || true
	wall=${wall/,/.}

	run_each=0
	if [ "$per_file" = 1 ] || ! [[ $rc =~ ^[012]$ ]] ||
		grep -qE '^(panic: |fatal error: )' "$work/stderr" ||
		awk -v w="$wall" -v s="$slow" 'BEGIN { exit !(w > s) }'; then
		run_each=1
	fi
	if [ "$run_each" = 1 ]; then
		echo "-- $dir: per-file run ($(tr -cd '\0' <"$work/files" | wc -c) files, timeout ${file_timeout}s each)" >&2
		: >"$work/perfile.tsv"
		n=0
		while IFS= read -r -d '' f; do
			n=$((n + 1))
			frc=0
			t0=$EPOCHREALTIME
			timeout -k 2 "$file_timeout" "$tmp/iamlint" --go off --format json --parse-all "$f" \
				>"$work/pf/cur.json" 2>"$work/pf/cur.err" || frc=$?
			t1=$EPOCHREALTIME
			# Keep only what may hold a problem: an error exit or a crash.
			if [ "$frc" != 0 ] && [ "$frc" != 1 ]; then
				mv "$work/pf/cur.json" "$work/pf/$n.json"
				mv "$work/pf/cur.err" "$work/pf/$n.err"
			elif grep -qE '^(panic: |fatal error: )' "$work/pf/cur.err"; then
				mv "$work/pf/cur.err" "$work/pf/$n.err"
			fi
			printf '%s\t%s\t%s\t%s\t%s\n' "$n" "$frc" "$t0" "$t1" "$f" >>"$work/perfile.tsv"
		done <"$work/files"
	fi

	printf '{"hclcheck": "%s", "rows": "%s", "rc": %d, "wall": %s, "rss_kb": %d, "per_file": %s, "timeout": %s, "file_timeout": %s}\n' \
		"$tmp/hclcheck" "$tmp/rows.jsonl" "$rc" "$wall" "$rss" "$([ "$run_each" = 1 ] && echo true || echo false)" "$timeout_s" "$file_timeout" >"$work/env.json"
	python3 "$tmp/analyze.py" "$dir" "$work"
done

python3 "$tmp/analyze.py" --table "$tmp/rows.jsonl"
