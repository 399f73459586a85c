package config

import (
	"errors"
	"os"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"testing"
	"unicode/utf16"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// FuzzParse validates arbitrary bytes as a configuration file. Parse must
// never panic and must be deterministic; it returns a configuration or an
// *Error, never both or neither. Every problem has a message and a
// position inside the input, or no position at all (0:0, as for a YAML
// encoding error, which yaml.v3 gives without a line). A configuration it
// accepts holds only what the loader promises: rule IDs from the catalog,
// known levels, valid globs, 12-digit accounts and complete sinks.
//
// The seeds are the test cases of config_test.go, the YAML examples of
// docs/configuration.md and inputs meant to hurt a YAML parser; go test
// -fuzz keeps what it finds under testdata/fuzz/FuzzParse.
func FuzzParse(f *testing.F) {
	for _, tc := range invalid {
		f.Add([]byte(tc.src))
	}
	f.Add([]byte(validConfig))
	if doc, err := os.ReadFile("../../docs/configuration.md"); err == nil {
		for _, m := range yamlFence.FindAllSubmatch(doc, -1) {
			f.Add(m[1])
			f.Add(append([]byte("version: 1\n"), m[1]...))
		}
	}
	for _, s := range []string{
		// Aliases: a billion laughs does not expand into a yaml.Node, and
		// the loader follows an alias once, where it reads a value.
		"version: 1\na: &a [x,x,x,x,x,x,x,x,x]\nb: &b [*a,*a,*a,*a,*a,*a,*a,*a,*a]\nc: &c [*b,*b,*b,*b,*b,*b,*b,*b,*b]\nd: &d [*c,*c,*c,*c,*c,*c,*c,*c,*c]\ne: &e [*d,*d,*d,*d,*d,*d,*d,*d,*d]\nexclude: *e\n",
		"version: 1\nx: &x [IAM105]\nrules: {enable: *x, disable: *x, levels: &l {IAM105: *n}}\nn: &n note\n",
		"version: &v 1\nrules: &r {disable: [IAM105]}\nsinks: [&s {rule: IAM101, types: [a], attribute: b}, *s, *r, *v]\n",
		"a: &a [*a]\n",
		"version: 1\n<<: {fail-on: never}\n",
		"version: 1\n? [a, b]\n: c\n*x : y\n",
		// Tabs, carriage returns and other line breaks YAML knows.
		"version: 1\nrules:\n\tdisable: [IAM105]\n",
		"version:\t1\nfail-on:\terror\t# tab\n",
		"version: 1\r\nrules:\r\n  disable: [IAM105]\r\n",
		"version: 1\rfail-on: warn\rrules: [\r",
		"version: 1\u2028fail-on: warn\u0085exclude: x\u2029",
		// Byte order marks, UTF-16 and bytes that are not UTF-8.
		"\ufeffversion: 1\nfail-on: warn\n",
		"\xff\xfev\x00e\x00r\x00s\x00i\x00o\x00n\x00:\x00 \x001\x00\n\x00",
		"\xfe\xff\x00v\x00:\x00 \x00\xd8\x00",
		"version: 1\nexclude: [\"\xff\xfe\"]\n",
		"version: 1\n\xc3\x28: x\n",
		"version: 1\nfail-on: \"\\xff\\u0000\"\n",
		"\x00version: 1\n",
		// Deep nesting, in flow and in block style; past yaml.v3's limit
		// in TestParseDeepNesting, as inputs that large slow the fuzzer.
		"version: 1\nrules: " + strings.Repeat("[", 1000) + "\n",
		"version: 1\nrules: " + strings.Repeat("{a: ", 300) + "b" + strings.Repeat("}", 300) + "\n",
		"version: 1\nsinks:\n" + nested(60),
		// Odd scalars and documents.
		"---\n...\n",
		"--- !!map\nversion: !!int \"1\"\n--- second document\n",
		"version: 0x1\n",
		"version: 1.0\n",
		"version: !!str 1\n",
		"version: 1\ntrusted-accounts: [0123456789012, \"00000000000\\u0030\", !!str 123456789012, ~]\n",
		"version: 1\nrules:\n  levels: {\"\": note, ~: error, [x]: warning, IAM105: ''}\n",
		"version: 1\nsinks: [{rule: ~, types: [~, ''], attribute: .}, [], ~]\nci-secrets: [{}]\n",
		"version: 1\nexclude: [\"{a,b\", \"[!\", \"\\\\\"]\n",
		"version: 1\n%TAG ! tag:x\n",
		"%YAML 1.3\n---\nversion: 1\n",
		"'\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		const path = "fuzz/.iamlint.yml"
		cfg, err := Parse(path, src)
		again, err2 := Parse(path, src)
		if (err == nil) != (err2 == nil) || (err != nil && err.Error() != err2.Error()) || !reflect.DeepEqual(cfg, again) {
			t.Fatalf("not deterministic:\n%+v, %v\n%+v, %v", cfg, err, again, err2)
		}
		if (cfg == nil) == (err == nil) {
			t.Fatalf("Parse returned config %+v and error %v: want exactly one", cfg, err)
		}
		if err != nil {
			checkError(t, src, path, err)
			return
		}
		checkConfig(t, path, cfg)
	})
}

// TestParseDeepNesting checks the nesting limit of yaml.v3 (10000): more
// is an error, with a position, not a stack overflow.
func TestParseDeepNesting(t *testing.T) {
	for _, src := range [][]byte{
		[]byte("version: 1\nrules: " + strings.Repeat("[", 10001) + "\n"),
		[]byte("version: 1\nrules: " + strings.Repeat("{", 10001) + "\n"),
		[]byte("version: 1\nrules: " + strings.Repeat("[{a: ", 10001) + "\n"),
		[]byte(strings.Repeat("- ", 10001) + "x\n"),
	} {
		_, err := Parse(".iamlint.yml", src)
		if err == nil || !strings.Contains(err.Error(), "exceeded max depth") {
			t.Errorf("%.30q...: got %v, want exceeded max depth", src, err)
		}
		checkError(t, src, ".iamlint.yml", err)
	}
}

// validConfig uses every key.
const validConfig = `version: 1
fail-on: note
rules:
  enable: [IAM101, access-key-in-ci]
  disable: [IAM105]
  levels: {user-console-access: note, IAM106: warning}
exclude: ["legacy/**", "**/*.auto.tfvars"]
trusted-accounts: ["012345678901"]
sinks:
  - {rule: access-key-in-service, types: [acme_function], attribute: environment.variables}
ci-secrets:
  - {types: [acme_ci_secret], attribute: value}
`

var yamlFence = regexp.MustCompile("(?s)```yaml\n(.*?)```")

// nested is a block list n levels deep.
func nested(n int) string {
	var b strings.Builder
	for i := range n {
		b.WriteString(strings.Repeat(" ", i+1) + "-\n")
	}
	return b.String()
}

func checkError(t *testing.T, src []byte, path string, err error) {
	t.Helper()
	var e *Error
	if !errors.As(err, &e) {
		t.Fatalf("error %T %v is not a *config.Error", err, err)
	}
	if e.Path != path || len(e.Problems) == 0 || e.Error() == "" {
		t.Fatalf("error for %q with %d problems: %q", e.Path, len(e.Problems), e.Error())
	}
	lines := yamlLines(src)
	for i, p := range e.Problems {
		if strings.TrimSpace(p.Msg) == "" {
			t.Errorf("problem %d:%d without a message", p.Line, p.Column)
		}
		if p.Line == 0 && p.Column == 0 {
			continue // no position: a YAML encoding error
		}
		if p.Line < 1 || p.Line > lines+1 || p.Column < 1 {
			t.Errorf("problem at %d:%d outside the input (%d lines): %s", p.Line, p.Column, lines, p.Msg)
		}
		if i > 0 {
			if q := e.Problems[i-1]; q.Line > p.Line || (q.Line == p.Line && q.Column > p.Column) {
				t.Errorf("problems out of order: %d:%d before %d:%d", q.Line, q.Column, p.Line, p.Column)
			}
		}
	}
}

// yamlLines counts the lines of src as YAML does: after a UTF-16 byte order
// mark the text is UTF-16, and CR LF, CR, LF, NEL, LS and PS all break a
// line.
func yamlLines(src []byte) int {
	text := string(src)
	if len(src) >= 2 && (src[0] == 0xff && src[1] == 0xfe || src[0] == 0xfe && src[1] == 0xff) {
		units := make([]uint16, 0, len(src)/2)
		for i := 2; i+1 < len(src); i += 2 {
			if src[0] == 0xff {
				units = append(units, uint16(src[i])|uint16(src[i+1])<<8)
			} else {
				units = append(units, uint16(src[i])<<8|uint16(src[i+1]))
			}
		}
		text = string(utf16.Decode(units))
	}
	text = strings.ReplaceAll(text, "\r\n", "\n")
	n := 0
	for _, brk := range []string{"\n", "\r", "\u0085", "\u2028", "\u2029"} {
		n += strings.Count(text, brk)
	}
	return n + 1
}

func checkConfig(t *testing.T, path string, c *Config) {
	t.Helper()
	if c.Path != path || c.Levels == nil {
		t.Fatalf("config with path %q, levels %v", c.Path, c.Levels)
	}
	isID := func(where, id string) {
		if r := rules.Lookup(id); r == nil || r.ID != id {
			t.Errorf("%s: %q is not a rule ID", where, id)
		}
	}
	for _, id := range c.Enable {
		isID("enable", id)
	}
	for _, id := range c.Disable {
		isID("disable", id)
	}
	for id, l := range c.Levels {
		isID("levels", id)
		if l != model.Error && l != model.Warning && l != model.Note {
			t.Errorf("levels: %s has level %v", id, l)
		}
	}
	if c.FailOn != "" && !slices.Contains(failOns, c.FailOn) {
		t.Errorf("fail-on %q accepted", c.FailOn)
	}
	for _, g := range c.Exclude {
		if !doublestar.ValidatePattern(g) {
			t.Errorf("exclude: invalid glob %q accepted", g)
		}
	}
	for _, a := range c.Options.TrustedAccounts {
		if !accountID.MatchString(a) {
			t.Errorf("trusted-accounts: %q accepted", a)
		}
	}
	for _, s := range c.Options.Sinks {
		if !slices.Contains(rules.SinkRules(), s.Rule) || len(s.Types) == 0 || len(s.Path) == 0 || slices.Contains(s.Types, "") || slices.Contains(s.Path, "") {
			t.Errorf("incomplete sink accepted: %+v", s)
		}
	}
}
