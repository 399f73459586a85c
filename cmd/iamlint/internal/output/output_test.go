package output

import (
	"bytes"
	"encoding/json"
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

var update = flag.Bool("update", false, "rewrite golden files")

var formats = Formats

// Fake rules: the writers must not depend on the real catalog.
var (
	ruleStatic = &rules.Rule{
		ID: "IAM101", Name: "static-credentials-in-provider", Level: model.Error,
		Short:     "Provider configured with static credentials",
		Precision: "very-high",
		Tags:      []string{"credentials"},
		Doc: rules.Doc{
			Why: "A provider block with access_key and secret_key commits credentials to the repository.",
			Fix: "Remove the keys and let the provider read the environment or a profile.",
		},
	}
	ruleLongTerm = &rules.Rule{
		ID: "IAM105", Name: "access-key-long-term", Level: model.Error,
		Short: "Long-term access key created for an IAM user",
		Tags:  []string{"credentials", "iam"},
		Doc: rules.Doc{
			Why: "An access key never expires. Anyone who reads it from state can act as the user.",
			Fix: "Use a role with short-lived credentials instead of a user's key.",
			Examples: []rules.Example{
				{Language: model.Terraform, Bad: true, Code: "resource \"aws_iam_access_key\" \"deploy\" {\n  user = aws_iam_user.deploy.name\n}\n"},
				{Language: model.CloudFormation, Bad: true, Code: "Key:\n  Type: AWS::IAM::AccessKey\n  Properties:\n    UserName: !Ref Deploy\n"},
				{Language: model.Terraform, Bad: false, Code: "resource \"aws_iam_role\" \"deploy\" {\n  name = \"deploy\" # ```\n}\n"},
			},
		},
	}
	ruleHardcoded = &rules.Rule{
		ID: "IAM107", Name: "hardcoded-access-key", Level: model.Error,
		Short: "Access key ID or secret written in the source",
		Doc: rules.Doc{
			Why: "Key material in source control is compromised key material.",
			Fix: "Deactivate the key, then read it from a secret store.",
		},
	}
	ruleUserPolicy = &rules.Rule{
		ID: "IAM201", Name: "user-attached-policy", Level: model.Warning,
		Short: "Policy attached to a user instead of a group or role",
		Doc:   rules.Doc{Why: "Permissions on users are hard to audit & revoke <at scale>."},
	}
)

const mainTF = `resource "aws_iam_user" "deploy" {
  name = "deploy"
}

resource "aws_iam_access_key" "deploy" {
	tags = { note = "clé 日本" }, secret = "wJalrXUtnFEMI/K7MDENG"
}
`

const templateYAML = "Resources:\r\n" +
	"  Deploy:\r\n" +
	"    Type: AWS::IAM::User\r\n" +
	"    Properties: {Path: \"/🔑/\", ManagedPolicyArns: [\r\n" +
	"      arn:aws:iam::aws:policy/AdministratorAccess\r\n" +
	"    ]}\r\n"

const brokenTF = "resource \"aws_iam_user\" \"x\" {\n  name = \"x\"\n  oops\n"

// pos makes a position from a line, a byte column and the source, so the
// fixtures keep model.Pos consistent.
func pos(src string, line, col int) model.Pos {
	off := 0
	for l := 1; l < line; l++ {
		off += strings.IndexByte(src[off:], '\n') + 1
	}
	return model.Pos{Line: line, Column: col, Byte: off + col - 1}
}

// at is the range of the first occurrence of text on line.
func at(file, src string, line int, text string) model.Range {
	lines := strings.Split(src, "\n")
	col := strings.Index(lines[line-1], text) + 1
	if col == 0 {
		panic("fixture: " + text + " not on line")
	}
	return model.Range{File: file, Start: pos(src, line, col), End: pos(src, line, col+len(text))}
}

func testReport() *Report {
	secret := at("main.tf", mainTF, 6, `"wJalrXUtnFEMI/K7MDENG"`)
	header := at("main.tf", mainTF, 5, `resource "aws_iam_access_key" "deploy"`)
	user := at("main.tf", mainTF, 1, `resource "aws_iam_user" "deploy"`)
	userAbs := user
	userAbs.File = "/work/project/main.tf" // absolute under WorkDir: becomes relative
	// A multi-line range from the "[" to the "]".
	policies := model.Range{File: "cfn/template.yaml",
		Start: pos(templateYAML, 4, strings.Index(strings.Split(templateYAML, "\n")[3], "[")+1),
		End:   pos(templateYAML, 6, 6)}
	findings := []rules.Finding{
		{Rule: ruleUserPolicy, Level: model.Warning, Range: policies, Address: "Stack:Deploy", Key: "ManagedPolicyArns",
			Message: `user "Deploy" has policy "AdministratorAccess" attached; attach it to a group or role`},
		{Rule: ruleLongTerm, Level: model.Error, Range: header, Address: "aws_iam_access_key.deploy",
			Message: `access key "aws_iam_access_key.deploy" is a long-term credential; use a role`,
			Related: []rules.Related{
				{Range: userAbs, Message: `the key belongs to user "aws_iam_user.deploy"`},
				{Range: model.Range{File: "../shared/users.tf", Start: model.Pos{Line: 2, Column: 3, Byte: 10}, End: model.Pos{Line: 2, Column: 9, Byte: 16}},
					Message: "user also declared here"},
			}},
		{Rule: ruleHardcoded, Level: model.Error, Range: secret, Address: "aws_iam_access_key.deploy", Key: "secret",
			Message: `secret access key written in "aws_iam_access_key.deploy"; deactivate it and read it from a secret store`},
		{Rule: ruleLongTerm, Level: model.Note, Address: "module.ci.aws_iam_access_key.old",
			Range:   model.Range{File: "modules/ci/keys.tf", Start: model.Pos{Line: 12, Column: 1, Byte: 200}, End: model.Pos{Line: 12, Column: 40, Byte: 239}},
			Message: `access key "aws_iam_access_key.old" is inactive; delete it`},
	}
	rules.SortFindings(findings)
	suppressed := []Suppressed{
		{Finding: rules.Finding{Rule: ruleUserPolicy, Level: model.Warning, Range: user, Address: "aws_iam_user.deploy", Key: "policy",
			Message: `user "aws_iam_user.deploy" has a policy attached; attach it to a group or role`},
			Justification: "break-glass user, reviewed in SEC-42",
			Location:      model.Range{File: "main.tf", Start: pos(mainTF, 1, 1), End: pos(mainTF, 1, 1)}},
		{Finding: rules.Finding{Rule: ruleLongTerm, Level: model.Error, Range: header, Address: "aws_iam_access_key.other",
			Message: `access key "aws_iam_access_key.other" is a long-term credential; use a role`}},
	}
	return &Report{
		Findings:   findings,
		Suppressed: suppressed,
		Baselined:  3,
		Diagnostics: []model.Diagnostic{
			{Severity: model.Warning, Summary: "file too large", Detail: "The file is over 10 MiB and was not scanned.",
				Range: model.Range{File: "big.tf.json"}},
			{Severity: model.Error, Summary: "invalid block definition",
				Detail: `A block definition must have block content delimited by "{" and "}".`,
				Range:  at("broken.tf", brokenTF, 3, "oops")},
		},
		Rules: []*rules.Rule{ruleStatic, ruleLongTerm, ruleHardcoded, ruleUserPolicy},
		Sources: map[string][]byte{
			"main.tf":           []byte(mainTF),
			"cfn/template.yaml": []byte(templateYAML),
			"broken.tf":         []byte(brokenTF),
		},
		Version: "v0.3.0",
		WorkDir: "/work/project",
	}
}

func TestGolden(t *testing.T) {
	for _, format := range formats {
		t.Run(format, func(t *testing.T) {
			var buf bytes.Buffer
			if err := Write(&buf, format, testReport(), Options{Summary: true}); err != nil {
				t.Fatal(err)
			}
			golden := filepath.Join("testdata", format+".golden")
			if *update {
				if err := os.WriteFile(golden, buf.Bytes(), 0o644); err != nil {
					t.Fatal(err)
				}
			}
			want, err := os.ReadFile(golden)
			if err != nil {
				t.Fatalf("%v (run go test -update)", err)
			}
			if got := buf.String(); got != string(want) {
				t.Errorf("output differs from %s (go test -update rewrites it):\n%s", golden, got)
			}
		})
	}
}

// Output must not depend on the order diagnostics arrive in, nor change
// from one run to the next.
func TestDeterministic(t *testing.T) {
	for _, format := range formats {
		r1, r2 := testReport(), testReport()
		ds := r2.Diagnostics
		ds[0], ds[1] = ds[1], ds[0]
		var b1, b2 bytes.Buffer
		if err := Write(&b1, format, r1, Options{}); err != nil {
			t.Fatal(err)
		}
		if err := Write(&b2, format, r2, Options{}); err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(b1.Bytes(), b2.Bytes()) {
			t.Errorf("%s: output depends on diagnostic order", format)
		}
	}
}

func TestUnknownFormat(t *testing.T) {
	if err := Write(&bytes.Buffer{}, "xml", testReport(), Options{}); err == nil {
		t.Fatal("Write accepted format xml")
	}
}

func TestColumns(t *testing.T) {
	tests := []struct {
		line      string
		byteCol   int
		wantRune  int
		wantUTF16 int
	}{
		{"abc", 1, 1, 1},
		{"abc", 3, 3, 3},
		{"abc", 4, 4, 4},       // end of line, exclusive end
		{"\tx", 2, 2, 2},       // a tab is one character
		{"é=1", 3, 2, 2},       // é is 2 bytes, 1 rune, 1 UTF-16 unit
		{"日本=1", 7, 3, 3},      // 3 bytes each, BMP
		{"🔑=1", 5, 2, 3},       // 4 bytes, 1 rune, a surrogate pair
		{"a🔑b", 6, 3, 4},       // after the emoji and the b
		{"é", 2, 2, 2},         // inside a rune: counts its bytes seen so far
		{"ab", 6, 6, 6},        // past the end: one per missing byte
		{"ab", 0, 1, 1},        // unknown column
		{"ab", -3, 1, 1},       // nonsense column
		{"\xff\xfex", 3, 3, 3}, // invalid UTF-8: one per byte
		{"", 1, 1, 1},          // empty line
		{"x 🔑 日本 é", 15, 8, 9}, // "x 🔑 日本 " is 14 bytes
	}
	for _, tt := range tests {
		if got := runeColumn([]byte(tt.line), tt.byteCol); got != tt.wantRune {
			t.Errorf("runeColumn(%q, %d) = %d, want %d", tt.line, tt.byteCol, got, tt.wantRune)
		}
		if got := utf16Column([]byte(tt.line), tt.byteCol); got != tt.wantUTF16 {
			t.Errorf("utf16Column(%q, %d) = %d, want %d", tt.line, tt.byteCol, got, tt.wantUTF16)
		}
	}
}

// The underline copies tabs and counts wide characters as two cells, so it
// sits under the range in a terminal.
func TestCaret(t *testing.T) {
	tests := []struct {
		line, text string
		want       string
	}{
		{"\tx = \"é日本\"", `"é日本"`, "1:6:\n  |\n1 | \tx = \"é日本\"\n  | \t    ^~~~~~~\n"},
		{"日本 = 🔑x", "x", "1:7:\n  |\n1 | 日本 = 🔑x\n  |          ^\n"},
		{"e\u0301 = 1", "1", "1:6:\n  |\n1 | e\u0301 = 1\n  |     ^\n"}, // combining accent takes no cell
	}
	for _, tt := range tests {
		src := tt.line + "\n"
		r := &Report{
			Sources:  map[string][]byte{"a.tf": []byte(src)},
			Findings: []rules.Finding{{Rule: &rules.Rule{}, Message: "m", Range: at("a.tf", src, 1, tt.text)}},
		}
		var buf bytes.Buffer
		if err := WriteText(&buf, r, Options{}); err != nil {
			t.Fatal(err)
		}
		got := strings.Replace(buf.String(), " warning: m\n", "\n", 1)
		if want := "a.tf:" + tt.want; got != want {
			t.Errorf("got:\n%s\nwant:\n%s", got, want)
		}
	}
}

func TestColor(t *testing.T) {
	var plain, color bytes.Buffer
	if err := WriteText(&plain, testReport(), Options{}); err != nil {
		t.Fatal(err)
	}
	if err := WriteText(&color, testReport(), Options{Color: true}); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(plain.String(), "\x1b[") {
		t.Error("plain text has escape sequences")
	}
	if !strings.Contains(color.String(), "\x1b[31merror:\x1b[0m") {
		t.Error("colored text has no red error")
	}
}

// Writers get ranges from many parsers; none may crash the scan.
func TestNoPanic(t *testing.T) {
	src := map[string][]byte{"a.tf": []byte("x\r\ny = 1\n"), "empty.tf": nil}
	weird := []model.Range{
		{File: "a.tf", Start: model.Pos{Line: 2, Column: 40, Byte: 60}, End: model.Pos{Line: 2, Column: 50, Byte: 70}},
		{File: "a.tf", Start: model.Pos{Line: 99, Column: 1}, End: model.Pos{Line: 99, Column: 2}},
		{File: "a.tf", Start: model.Pos{Line: 2, Column: 3}, End: model.Pos{Line: 1, Column: 1}},
		{File: "a.tf", Start: model.Pos{Line: 2, Column: -5}, End: model.Pos{Line: 2, Column: -1}},
		{File: "a.tf", Start: model.Pos{Line: -1, Column: 0}},
		{File: "a.tf", Start: model.Pos{Line: 1, Column: 2}, End: model.Pos{Line: 1, Column: 3}}, // on the \r
		{File: "empty.tf", Start: model.Pos{Line: 1, Column: 1}, End: model.Pos{Line: 3, Column: 1}},
		{File: "missing.tf", Start: model.Pos{Line: 5, Column: 5}},
		{File: ""},
		{},
	}
	r := &Report{Sources: src, Rules: []*rules.Rule{nil, ruleStatic}, WorkDir: "/w"}
	for _, rg := range weird {
		r.Findings = append(r.Findings,
			rules.Finding{Rule: ruleStatic, Range: rg, Message: "m", Related: []rules.Related{{Range: rg}}},
			rules.Finding{Range: rg, Message: "no rule", Level: 42}, // nil Rule, bad level
		)
		r.Diagnostics = append(r.Diagnostics, model.Diagnostic{Severity: 9, Summary: "s", Range: rg})
	}
	for _, format := range formats {
		for _, rep := range []*Report{r, nil, {}} {
			if err := Write(&bytes.Buffer{}, format, rep, Options{}); err != nil {
				t.Errorf("%s: %v", format, err)
			}
		}
	}
}

// FuzzWriters throws arbitrary sources and positions at every writer.
func FuzzWriters(f *testing.F) {
	f.Add("x = \"é日本🔑\"\r\n\ty\n", 1, 5, 1, 12)
	f.Add("", 0, 0, 0, 0)
	f.Add("\xff\xfe\n", 2, 9, 1, -3)
	f.Fuzz(func(t *testing.T, src string, line, col, endLine, endCol int) {
		rg := model.Range{File: "f.tf", Start: model.Pos{Line: line, Column: col}, End: model.Pos{Line: endLine, Column: endCol}}
		r := &Report{
			Findings:    []rules.Finding{{Rule: ruleLongTerm, Range: rg, Message: src, Related: []rules.Related{{Range: rg, Message: src}}}},
			Diagnostics: []model.Diagnostic{{Summary: src, Range: rg}},
			Rules:       []*rules.Rule{ruleLongTerm},
			Sources:     map[string][]byte{"f.tf": []byte(src)},
			WorkDir:     "/w",
		}
		for _, format := range formats {
			var buf bytes.Buffer
			if err := Write(&buf, format, r, Options{}); err != nil {
				t.Fatalf("%s: %v", format, err)
			}
			if (format == "json" || format == "sarif") && !json.Valid(buf.Bytes()) {
				t.Fatalf("%s: invalid JSON", format)
			}
		}
	})
}

// Workflow commands end at a newline and their properties at a comma or
// colon: the github writer escapes them as the Actions toolkit does.
func TestGitHubEscaping(t *testing.T) {
	src := "x = 1\n"
	r := &Report{
		Sources: map[string][]byte{"a,b:c%.tf": []byte(src)},
		Findings: []rules.Finding{{Rule: &rules.Rule{ID: "IAM1", Name: "a,b"}, Level: model.Note,
			Range: at("a,b:c%.tf", src, 1, "1"), Message: "50% of\r\nlines"}},
	}
	var buf bytes.Buffer
	if err := WriteGitHub(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	const want = "::notice file=a%2Cb%3Ac%25.tf,line=1,endLine=1,col=5,endColumn=6,title=IAM1 a%2Cb::50%25 of%0D%0Alines\n"
	if got := buf.String(); got != want {
		t.Errorf("got  %q\nwant %q", got, want)
	}
}

func TestSummary(t *testing.T) {
	if s := Summary(&Report{}); s != "" {
		t.Errorf("a clean report has summary %q, want none", s)
	}
	if s := Summary(&Report{Baselined: 1}); s != "0 errors, 0 warnings, 0 notes (1 in the baseline)" {
		t.Errorf("got %q", s)
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, &Report{}, Options{Summary: true}); err != nil || buf.Len() != 0 {
		t.Errorf("a clean report printed %q, %v", buf.String(), err)
	}
}

// A byte order mark is not shown, and the columns of line 1 count from
// after it, as the parsers report them (model.LineIndex).
func TestBOMNotQuoted(t *testing.T) {
	src := model.BOM + "x = \"é\"\n"
	rg := model.Range{File: "a.tf", Start: model.Pos{Line: 1, Column: 5, Byte: 7}, End: model.Pos{Line: 1, Column: 9, Byte: 11}}
	r := &Report{
		Sources:  map[string][]byte{"a.tf": []byte(src)},
		Findings: []rules.Finding{{Rule: &rules.Rule{}, Message: "m", Range: rg}},
	}
	var buf bytes.Buffer
	if err := WriteText(&buf, r, Options{}); err != nil {
		t.Fatal(err)
	}
	want := "a.tf:1:5: warning: m\n  |\n1 | x = \"é\"\n  |     ^~~\n"
	if got := buf.String(); got != want {
		t.Errorf("got:\n%q\nwant:\n%q", got, want)
	}
	buf.Reset()
	if err := WriteSARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `"startColumn": 5`) || !strings.Contains(buf.String(), `"endColumn": 8`) {
		t.Errorf("SARIF columns:\n%s", buf.String())
	}
}
