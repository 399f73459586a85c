// Package yamlerr places go.yaml.in/yaml/v3's syntax errors. yaml.v3
// reports the line where the construct around a problem starts (the
// mapping, the scalar being scanned), often lines above the problem, and no
// column; CloudFormation templates and .iamlint.yml both need the real
// position.
package yamlerr

import (
	"bytes"
	"regexp"
	"sort"
	"strconv"
	"strings"

	"go.yaml.in/yaml/v3"
)

var errLine = regexp.MustCompile(`^yaml: (?:line (\d+): )?(.*)$`)

// parserProblems are the problems reported by YAML's parser rather than
// its scanner: the offending token is the first one on its line.
var parserProblems = []string{
	"did not find expected <", "did not find expected node content", "did not find expected '-' indicator",
	"did not find expected key", "did not find expected ',' or", "found undefined tag handle",
	"found duplicate %", "found incompatible YAML document",
}

// split returns the message of a yaml.v3 error without its "yaml: line N:"
// prefix, and N (0 when absent).
func split(err error) (string, int) {
	msg := err.Error()
	m := errLine.FindStringSubmatch(msg)
	if m == nil {
		return msg, 0
	}
	line, _ := strconv.Atoi(m[1])
	return m[2], line
}

// fails reports whether text fails to parse with the problem msg.
func fails(text []byte, msg string) (bad bool) {
	defer func() {
		if recover() != nil {
			bad = false
		}
	}()
	var n yaml.Node
	err := yaml.Unmarshal(text, &n)
	if err == nil {
		return false
	}
	got, _ := split(err)
	return got == msg
}

// Locate returns the message of err, a yaml.v3 error from parsing
// src[base:] (base skips a byte order mark), and the offset in src of the
// problem.
//
// The parser reads the text in one pass and stops at the first problem, so
// the problem is on the last line of the shortest prefix that fails with the
// same message; a binary search finds it in a few parses, paid only for a
// file that does not parse. On that line, a tab problem is at the tab, a
// flow collection left open at its bracket, another parser problem at the
// first token, and a scanner problem (a character that cannot start a
// token, a ':' where no mapping may start) at the last character of the
// shortest failing prefix.
func Locate(src []byte, base int, err error) (msg string, off int) {
	msg, line := split(err)
	lines := Lines(src, base)
	lineEnd := func(k int) int {
		if k+1 < len(lines) {
			return lines[k+1]
		}
		return len(src)
	}
	// yaml.v3 names the line of the context, which is never after the
	// problem; a line counted from 0 (parser problems) is one early.
	// The problem is usually near that line: gallop from it, so that the
	// prefixes parsed stay short of twice the problem's offset, then
	// search between the last prefix that parsed and the first that failed.
	lo := min(max(line-2, 0), len(lines)-1)
	failsAt := func(k int) bool { return fails(src[base:lineEnd(k)], msg) }
	hi, step := lo, 1
	for hi < len(lines) && !failsAt(hi) {
		lo, hi, step = hi+1, hi+step, step*2
	}
	hi = min(hi, len(lines))
	k := lo + sort.Search(hi-lo, func(i int) bool { return failsAt(lo + i) })
	if k >= len(lines) {
		// Not found by prefixes: the line yaml.v3 gave, the best there is.
		return msg, lines[min(max(line, 1), len(lines))-1]
	}
	from, to := lines[k], lineEnd(k)
	text := src[from:to]
	if strings.Contains(msg, "tab") {
		if i := bytes.IndexByte(text, '\t'); i >= 0 {
			return msg, from + i
		}
	}
	if strings.HasPrefix(msg, "did not find expected ',' or ") {
		opener := byte('{')
		if strings.HasSuffix(msg, "']'") {
			opener = '['
		}
		if i := bytes.LastIndexByte(text, opener); i >= 0 {
			return msg, from + i
		}
	}
	for _, p := range parserProblems {
		if strings.HasPrefix(msg, p) {
			i := 0
			for i < len(text) && (text[i] == ' ' || text[i] == '\t') {
				i++
			}
			return msg, from + i
		}
	}
	c := from + sort.Search(to-from, func(i int) bool { return fails(src[base:from+i+1], msg) })
	return msg, min(c, len(src))
}

// Lines returns where each line of src[base:] starts. YAML ends lines at
// CR LF, CR, LF, NEL, LS and PS; its line numbers follow them.
func Lines(src []byte, base int) []int {
	lines := []int{base}
	for i := base; i < len(src); i++ {
		switch c := src[i]; {
		case c == '\n':
			lines = append(lines, i+1)
		case c == '\r':
			if i+1 < len(src) && src[i+1] == '\n' {
				i++
			}
			lines = append(lines, i+1)
		case c == 0xC2 && i+1 < len(src) && src[i+1] == 0x85:
			i++
			lines = append(lines, i+1)
		case c == 0xE2 && i+2 < len(src) && src[i+1] == 0x80 && (src[i+2] == 0xA8 || src[i+2] == 0xA9):
			i += 2
			lines = append(lines, i+1)
		}
	}
	return lines
}
