package cloudformation

import (
	"fmt"
	"regexp"
	"runtime"
	"strings"
	"testing"
	"time"

	"github.com/iamlint/iamlint/parsers/model"
)

func TestIsCandidate(t *testing.T) {
	for path, want := range map[string]bool{
		"template.yaml":                         true,
		"infra/stack.yml":                       true,
		"infra/stack.json":                      true,
		"infra/vpc.template":                    true,
		"cdk.out/App.template.json":             true,
		"cdk.out/assembly-Prod/X.template.json": true,
		"cdk.out/manifest.json":                 false,
		"cdk.out/tree.json":                     false,
		"cdk.out/App.assets.json":               false,
		"main.tf.json":                          false,
		"prod.tfvars.json":                      false,
		"package.json":                          false,
		"web/tsconfig.build.json":               false,
		".gitlab-ci.yml":                        false,
		"main.tf":                               false,
		"README.md":                             false,
	} {
		if got := IsCandidate(path); got != want {
			t.Errorf("IsCandidate(%q) = %v, want %v", path, got, want)
		}
	}
}

// TestNotTemplates: other YAML and JSON is skipped without a diagnostic,
// even when it is broken, and without a full parse when the bytes say so.
func TestNotTemplates(t *testing.T) {
	for name, src := range map[string]string{
		"k8s.yaml":      "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\n",
		"broken.yaml":   "apiVersion: v1\nkind: [unclosed\n",
		"workflow.yml":  "on: push\njobs:\n  deploy:\n    steps:\n      - run: aws cloudformation deploy --template-file t.yaml\n",
		"data.json":     `{"Resources": ["AWS::IAM::User"], "note": "not a template"}`,
		"policy.json":   `{"Version": "2012-10-17", "Statement": [{"Effect": "Allow", "Resource": "*"}]}`,
		"fragment.yaml": "resources:\n  Resources:\n    U:\n      Type: AWS::IAM::User\n", // serverless.yml style
		"binary.json":   "AWSTemplateFormatVersion\x00\x01",
		"empty.yaml":    "",
	} {
		f, diags := ParseFile(name, []byte(src))
		if f != nil || len(diags) > 0 {
			t.Errorf("%s: file %v, diagnostics %v; want it skipped silently", name, f != nil, diags)
		}
	}
}

// TestBadInput: each kind of broken template is a positioned diagnostic;
// nothing panics, and the rest of the scan (another template) is intact.
func TestBadInput(t *testing.T) {
	const good = "Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n"
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n"
	cases := []struct {
		name, path, src string
		want            string // regexp on "line:col: severity: summary"
		resources       int    // what is still read of the broken file
	}{
		{"invalid YAML", "t.yaml", head + "  A:\n    Type: [AWS::IAM::User\n", `^4:11: error: invalid YAML: did not find expected ',' or ']'`, 0},
		{"tab indentation", "t.yaml", head + "  A:\n\tType: AWS::IAM::User\n", `^4:1: error: invalid YAML: found character that cannot start any token`, 0},
		{"unknown tag", "t.yaml", head + "  A:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: !Foo bar\n", `^6:17: error: unknown tag "!Foo"`, 1},
		{"GetAtt with three items", "t.yaml", head + "  A:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: !GetAtt [K, SecretAccessKey, X]\n", `^6:14: error: Fn::GetAtt takes a logical ID and an attribute name`, 1},
		{"GetAtt without attribute", "t.yaml", head + "  A:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: !GetAtt K\n", `^6:14: error: Fn::GetAtt takes`, 1},
		{"Ref to a list", "t.yaml", head + "  A:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: {Ref: [a, b]}\n", `^6:14: error: Ref takes`, 1},
		{"unknown function", "t.yaml", head + "  A:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: {Fn::Nope: x}\n", `^6:14: error: unknown intrinsic function "Fn::Nope"`, 1},
		{"JSON trailing comma", "t.json", "{\n  \"AWSTemplateFormatVersion\": \"2010-09-09\",\n  \"Resources\": {\n    \"K\": {\"Type\": \"AWS::IAM::AccessKey\"},\n  }\n}\n", `^5:3: error: invalid JSON: invalid character '}' looking for beginning of object key string`, 1},
		{"JSON truncated", "t.json", "{\"AWSTemplateFormatVersion\": \"2010-09-09\", \"Resources\": {", `^1:58: error: invalid JSON: unexpected end of file`, 0},
		{"duplicate logical ID", "t.yaml", head + "  A:\n    Type: AWS::IAM::User\n  A:\n    Type: AWS::IAM::AccessKey\n", `^5:3: error: duplicate logical ID "A"`, 2},
		{"duplicate JSON logical ID", "t.json", `{"Resources": {"A": {"Type": "AWS::IAM::User"}, "A": {"Type": "AWS::IAM::User"}}}`, `^1:49: error: duplicate logical ID "A"`, 2},
		{"duplicate property", "t.yaml", head + "  A:\n    Type: AWS::IAM::User\n    Properties:\n      UserName: a\n      UserName: b\n", `^7:7: warning: duplicate key "UserName"`, 1},
		{"no Type", "t.yaml", head + "  A:\n    Properties: {}\n", `^3:3: error: resource "A" has no Type`, 1},
		{"invalid UTF-8", "t.yaml", head + "  A:\n    Type: AWS::IAM::User\n    Description: \"\xff\"\n", `^5:19: error: the file is not valid UTF-8`, 1},
		{"alias to itself", "t.yaml", head + "  A:\n    Type: AWS::IAM::User\n    Properties: &p\n      Path: *p\n", `^6:13: error: alias \*p is used inside its own anchor`, 1},
		// Past 10,000 levels yaml.v3 returns no tree: the template is not
		// read, and the message says why.
		{"too deep for YAML", "t.yaml", head + "  A: " + strings.Repeat("[", 20000) + "\n", `^3:10006: error: invalid YAML: nested more than 10000 levels deep`, 0},
		{"truncated deep JSON", "t.json", `{"AWSTemplateFormatVersion": "2010-09-09", "Resources": ` + strings.Repeat("[", 20000), `^1:20057: error: invalid JSON: unexpected end of file`, 0},
		// Past model.MaxNesting a value is unknown, the rest is read.
		deepCase("deep JSON", "t.json", `{"Resources": {"K": {"Type": "AWS::IAM::AccessKey"}, "A": {"Type": "AWS::IAM::User", "Properties": {"Path": `, 4, `}}}}`),
		deepCase("deep YAML flow", "t.yaml", "Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      Path: ", 4, "\n"),
		{"deep policy string", "t.yaml", head + "  A:\n    Type: AWS::IAM::ManagedPolicy\n    Properties:\n      PolicyDocument: '{\"Statement\": " + strings.Repeat("[", 1010) + strings.Repeat("]", 1010) + "}'\n", `^6:23: warning: policy document nested more than 1000 levels deep`, 1},
		{"deep YAML block", "t.yaml", "Resources:\n  K:\n    Type: AWS::IAM::AccessKey\n  A:\n    Type: AWS::IAM::User\n    Properties:\n      Path:\n        " + strings.Repeat("- ", 2000) + "x\n", `^8:2001: error: nested more than 1000 levels deep`, 2},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			mods, diags := build(t, map[string]string{c.path: c.src, "good.yaml": good})
			re := regexp.MustCompile(c.want)
			found := false
			for _, d := range diags {
				if d.Range.File != c.path {
					t.Errorf("diagnostic for the good file: %s", d.Error())
				}
				s := fmt.Sprintf("%d:%d: %s: %s", d.Range.Start.Line, d.Range.Start.Column, d.Severity, d.Summary)
				found = found || re.MatchString(s)
			}
			if !found {
				t.Errorf("no diagnostic matches %q: %v", c.want, diags)
			}
			if len(mods["good.yaml"].Resources) != 1 {
				t.Error("the good template was not read")
			}
			n := 0
			if m := mods[c.path]; m != nil {
				n = len(m.Resources)
			}
			if n != c.resources {
				t.Errorf("%d resources read from the broken file, want %d", n, c.resources)
			}
		})
	}
}

// TestYAMLErrorPositions: a YAML syntax error is reported at the offending
// character, not at the line where yaml.v3's context (the mapping or scalar
// around it) starts.
func TestYAMLErrorPositions(t *testing.T) {
	const head = "AWSTemplateFormatVersion: \"2010-09-09\"\nResources:\n  K:\n    Type: AWS::IAM::User\n"
	tests := []struct {
		name, src string
		want      string // line:col: summary
	}{
		{"tab in indentation", head + "    Properties:\n\tPath: /\n", "6:1: invalid YAML: found character that cannot start any token"},
		{"tab after indentation", head + "    Properties:\n      Path: /\n  \tUserName: u\n", "7:3: invalid YAML: found a tab character that violates indentation"},
		{"mis-indented key", head + "    Properties: x\n   Bad: 1\n", "6:4: invalid YAML: did not find expected key"},
		{"key under a scalar", head + "    Properties:\n      Path: /\n        UserName: u\n", "7:17: invalid YAML: mapping values are not allowed in this context"},
		{"reserved character", head + "    Properties:\n      Path: @x\n", "6:13: invalid YAML: found character that cannot start any token"},
		{"item in a mapping", head + "    Properties:\n      Path: /\n      - x\n", "7:7: invalid YAML: did not find expected key"},
		{"unclosed flow", head + "    Properties: {Path: /\n  L:\n    Type: X\n", "5:17: invalid YAML: did not find expected ',' or '}'"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, diags := ParseFile("t.yaml", []byte(tt.src))
			if len(diags) != 1 {
				t.Fatalf("diagnostics: %v", diags)
			}
			d := diags[0]
			if got := fmt.Sprintf("%d:%d: %s", d.Range.Start.Line, d.Range.Start.Column, d.Summary); got != tt.want {
				t.Errorf("got  %s\nwant %s", got, tt.want)
			}
		})
	}
}

// TestInvalidUTF8: a template that is not UTF-8 gets one error, at its
// first invalid byte, and the rest of it is still read, the invalid bytes
// read as frontend.Replacement, in YAML and in JSON alike.
func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		user      string
	}{
		{"t.yaml", "# caf\xe9\nResources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: caf\xe9\xe9\n", 1, 6, "caf__"},
		{"t.yaml", "Resources:\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: \"\xff x\"\n", 5, 18, "_ x"},
		{"t.json", "{\"Resources\": {\"Key\": {\"Type\": \"AWS::IAM::AccessKey\",\n  \"Properties\": {\"UserName\": \"caf\xe9\"}}}}", 2, 34, "caf_"},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			mods, diags := build(t, map[string]string{tt.name: tt.src})
			if len(diags) != 1 || diags[0].Summary != "the file is not valid UTF-8" || diags[0].Severity != model.Error {
				t.Fatalf("diagnostics = %v, want one encoding error", diags)
			}
			if p := diags[0].Range.Start; p.Line != tt.line || p.Column != tt.col {
				t.Errorf("error at %d:%d, want %d:%d", p.Line, p.Column, tt.line, tt.col)
			}
			m := mods[tt.name]
			if m == nil {
				t.Fatal("the template was not read")
			}
			if got := resource(t, m, "Key").Attr("UserName").Str; got != tt.user {
				t.Errorf("UserName = %q, want %q", got, tt.user)
			}
		})
	}
}

// deepCase is a template whose resource A holds a value of 5,000 nested
// lists after prefix, which opens outer collections: the value at level
// model.MaxNesting+1 is unknown and reported where it starts, and both
// resources are still read.
func deepCase(name, path, prefix string, outer int, suffix string) struct {
	name, path, src string
	want            string
	resources       int
} {
	const n = 5000
	src := prefix + strings.Repeat("[", n) + strings.Repeat("]", n) + suffix
	line := strings.Count(prefix, "\n") + 1
	col := len(prefix) - strings.LastIndex(prefix, "\n") + model.MaxNesting - outer
	return struct {
		name, path, src string
		want            string
		resources       int
	}{name, path, src, fmt.Sprintf(`^%d:%d: error: nested more than %d levels deep`, line, col, model.MaxNesting), 2}
}

// TestAliasBomb: a "billion laughs" file is a diagnostic, read in bounded
// time and memory.
func TestAliasBomb(t *testing.T) {
	var b strings.Builder
	b.WriteString("AWSTemplateFormatVersion: \"2010-09-09\"\nMetadata:\n  a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n")
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i", "j"} {
		fmt.Fprintf(&b, "  %s: &%s [%s]\n", name, name, strings.TrimSuffix(strings.Repeat("*"+prev+",", 9), ","))
		prev = name
	}
	b.WriteString("Resources:\n  Q:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: *j\n  R:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: *j\n")
	var before, after runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&before)
	start := time.Now()
	mods, diags := build(t, map[string]string{"bomb.yaml": b.String()})
	elapsed := time.Since(start)
	runtime.ReadMemStats(&after)
	if elapsed > 2*time.Second {
		t.Errorf("took %v", elapsed)
	}
	if alloc := after.TotalAlloc - before.TotalAlloc; alloc > 256<<20 {
		t.Errorf("allocated %d MiB", alloc>>20)
	}
	if len(diags) != 1 || !strings.Contains(diags[0].Summary, "aliases expand to more than") {
		t.Errorf("diagnostics = %v", diags)
	}
	if m := mods["bomb.yaml"]; m == nil || len(m.Resources) != 2 || m.Resources[1].Attr("Value").Kind != model.Unknown {
		t.Error("the template around the bomb was not read")
	}
}

// TestBOMAndCRLF: a byte order mark and Windows line ends keep positions
// true to the file.
func TestBOMAndCRLF(t *testing.T) {
	src := "\xef\xbb\xbfResources:\r\n  Key:\r\n    Type: AWS::IAM::AccessKey\r\n    Properties:\r\n      UserName: !Sub \"${Env}\"\r\n"
	m := mustBuild(t, map[string]string{"t.yaml": src})["t.yaml"]
	key := resource(t, m, "Key")
	if got := at(t, src, key.Range); got != "Key" {
		t.Errorf("key covers %q", got)
	}
	if got := refs(t, src, key.Attr("UserName")); got != "Env@${Env}" {
		t.Errorf("refs = %s", got)
	}
	jsrc := "\xef\xbb\xbf{\"Resources\": {\"Key\": {\"Type\": \"AWS::IAM::AccessKey\"}}}"
	m = mustBuild(t, map[string]string{"t.json": jsrc})["t.json"]
	if got := at(t, jsrc, resource(t, m, "Key").Range); got != `"Key"` {
		t.Errorf("JSON key covers %q", got)
	}
}

// TestBOMLine1: the columns of line 1 count from after a byte order mark,
// as an editor shows them, in both syntaxes, for values and errors.
func TestBOMLine1(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int // of the resource's key, or of the first error
		err       bool
	}{
		{"t.yaml", `Resources: {Key: {Type: AWS::IAM::AccessKey}}`, 1, 13, false},
		{"t.json", `{"Resources": {"Key": {"Type": "AWS::IAM::AccessKey"}}}`, 1, 16, false},
		{"t.json", `{"Resources": {"Key": {"Type": "AWS::IAM::AccessKey"}}} x`, 1, 57, true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			f, diags := ParseFile(tt.name, []byte(model.BOM+tt.src))
			if f == nil {
				t.Fatal("not read as a template")
			}
			var got model.Pos
			if tt.err {
				if len(diags) == 0 {
					t.Fatal("no diagnostic")
				}
				got = diags[0].Range.Start
			} else {
				if len(diags) > 0 {
					t.Fatalf("diagnostics: %v", diags)
				}
				got = resource(t, mustBuild(t, map[string]string{tt.name: model.BOM + tt.src})[tt.name], "Key").Range.Start
			}
			if got.Line != tt.line || got.Column != tt.col || got.Byte != tt.col-1+len(model.BOM) {
				t.Errorf("at %+v, want %d:%d (byte %d)", got, tt.line, tt.col, tt.col-1+len(model.BOM))
			}
		})
	}
}

// TestLiterals: IAM107 reads every scalar and comment of a YAML template
// that mentions a key prefix, each with its exact source.
func TestLiterals(t *testing.T) {
	src := "# deploy key AKIA2OGYBAH6STMMNXNN\nResources:\n  K:\n    Type: AWS::SSM::Parameter\n    Properties:\n      Value: \"AKIA2OGYBAH6STMMNXNN\" # again\n      Other: |\n        export X=1 # not a comment\n"
	f, diags := ParseFile("t.yaml", []byte(src))
	if f == nil || len(diags) > 0 {
		t.Fatalf("ParseFile: %v", diags)
	}
	var got []string
	for _, l := range f.Model.Literals {
		if at(t, src, l.Range) != l.Raw {
			t.Errorf("literal %q does not match its range", l.Raw)
		}
		got = append(got, l.Raw)
	}
	want := []string{"Resources", "K", "Type", "AWS::SSM::Parameter", "Properties", "Value", `"AKIA2OGYBAH6STMMNXNN"`, "Other", "|\n        export X=1 # not a comment",
		"# deploy key AKIA2OGYBAH6STMMNXNN", "# again"}
	if strings.Join(got, "|") != strings.Join(want, "|") {
		t.Errorf("literals:\n%q\nwant\n%q", got, want)
	}
	if f, _ := ParseFile("t.yaml", []byte(strings.ReplaceAll(src, "AKIA", "AKIB"))); len(f.Model.Literals) != 0 {
		t.Error("literals collected from a file without a key prefix")
	}
}
