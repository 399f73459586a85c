package cloudformation

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// build parses and builds templates given as path -> source, the way a
// scan does, and returns the modules by path.
func build(t *testing.T, files map[string]string) (map[string]*model.Module, []model.Diagnostic) {
	t.Helper()
	var parsed []*File
	var diags []model.Diagnostic
	for path, src := range files {
		f, d := ParseFile(path, []byte(src))
		diags = append(diags, d...)
		if f != nil {
			parsed = append(parsed, f)
		}
	}
	mods, d := Build(parsed, Options{})
	diags = append(diags, d...)
	byPath := map[string]*model.Module{}
	for _, m := range mods {
		byPath[m.File] = m
	}
	return byPath, diags
}

// mustBuild is build for valid templates: any diagnostic fails the test.
func mustBuild(t *testing.T, files map[string]string) map[string]*model.Module {
	t.Helper()
	mods, diags := build(t, files)
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
	return mods
}

func readTestdata(t *testing.T, name string) (string, string) {
	t.Helper()
	path := filepath.Join("testdata", name)
	src, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	return path, string(src)
}

func resource(t *testing.T, m *model.Module, id string) *model.Resource {
	t.Helper()
	for _, r := range m.Resources {
		if r.Address == id {
			return r
		}
	}
	t.Fatalf("no resource %s", id)
	return nil
}

// at returns the source a range covers, after checking that its lines and
// columns agree with its byte offsets.
func at(t *testing.T, src string, r model.Range) string {
	t.Helper()
	for _, p := range []model.Pos{r.Start, r.End} {
		if p.Byte < 0 || p.Byte > len(src) {
			t.Fatalf("%s: offset %d outside the file", r, p.Byte)
		}
		line := strings.Count(src[:p.Byte], "\n") + 1
		// Line 1 starts after a byte order mark (model.LineIndex).
		col := p.Byte - max(strings.LastIndexByte(src[:p.Byte], '\n')+1, model.BOMLen([]byte(src))) + 1
		if p.Line != line || p.Column != col {
			t.Errorf("%s: position %d:%d, but byte %d is at %d:%d", r, p.Line, p.Column, p.Byte, line, col)
		}
	}
	if r.End.Byte < r.Start.Byte {
		t.Fatalf("%s: ends before it starts", r)
	}
	return src[r.Start.Byte:r.End.Byte]
}

// describe prints a value the way the tables below expect it.
func describe(v *model.Value) string {
	switch {
	case v == nil:
		return "absent"
	case v.Kind == model.Unknown:
		return "unknown"
	case v.Kind == model.Null:
		return "null"
	case v.Kind == model.String:
		return fmt.Sprintf("%q", v.Str)
	case v.Kind == model.Number:
		return "number " + v.Str
	case v.Kind == model.Bool:
		return fmt.Sprint(v.Bool)
	case v.Kind == model.List:
		var elems []string
		for _, e := range v.Elems {
			elems = append(elems, describe(e))
		}
		return "[" + strings.Join(elems, " ") + "]"
	}
	return "object"
}

// refs prints every reference of a value as subject@source, and what it
// passes through.
func refs(t *testing.T, src string, v *model.Value) string {
	t.Helper()
	var out []string
	for _, r := range v.AllRefs() {
		s := r.String() + "@" + squeeze(at(t, src, r.Range))
		for _, h := range r.Via {
			s += " via " + at(t, src, h.Range)
		}
		out = append(out, s)
	}
	return strings.Join(out, ", ")
}

// squeeze drops the blanks of JSON's and YAML's layout.
func squeeze(s string) string {
	return strings.Join(strings.Fields(s), " ")
}

type propCase struct {
	res, prop string
	value     string // describe()
	refs      string // refs()
}

func checkProps(t *testing.T, m *model.Module, src string, cases []propCase) {
	t.Helper()
	for _, c := range cases {
		v := resource(t, m, c.res).Attr(c.prop)
		if got := describe(v); got != c.value {
			t.Errorf("%s.%s = %s, want %s", c.res, c.prop, got, c.value)
		}
		if v == nil {
			continue
		}
		if got := refs(t, src, v); got != c.refs {
			t.Errorf("%s.%s refs = %s\n\twant %s", c.res, c.prop, got, c.refs)
		}
	}
}

// TestIntrinsicsYAML covers every short-form tag and its long form: the
// value when it can be known, and each reference with the exact source it
// was read from.
func TestIntrinsicsYAML(t *testing.T) {
	path, src := readTestdata(t, "intrinsics.yaml")
	m := mustBuild(t, map[string]string{path: src})[path]
	checkProps(t, m, src, []propCase{
		{"Short", "Ref", `"prod"`, "Env@!Ref Env"},
		{"Short", "RefSecret", "unknown", "Secret@!Ref Secret"},
		{"Short", "RefVersion", "unknown", "Version@!Ref Version"},
		{"Short", "RefPseudo", "unknown", "AWS::AccountId@!Ref AWS::AccountId"},
		{"Short", "NoValue", "null", "AWS::NoValue@!Ref AWS::NoValue"},
		{"Short", "GetAtt", "unknown", "Key.SecretAccessKey@!GetAtt Key.SecretAccessKey"},
		{"Short", "GetAttList", "unknown", "Key.SecretAccessKey@!GetAtt [Key, SecretAccessKey]"},
		{"Short", "Sub", "unknown", "Env@${Env}, AWS::Region@${AWS::Region}"},
		{"Short", "SubMap", "unknown", "Key.SecretAccessKey@!GetAtt Key.SecretAccessKey via ${A}"},
		{"Short", "Join", `"a-prod"`, "Env@!Ref Env"},
		{"Short", "Select", `"b"`, "Subnets@!Ref Subnets"},
		{"Short", "Split", `["x" "y"]`, ""},
		{"Short", "If", `"yes-prod"`, ""},
		{"Short", "IfUnknown", "unknown", "Key@!Ref Key, Key.SecretAccessKey@!GetAtt Key.SecretAccessKey"},
		{"Short", "Base64", `"aGk="`, ""},
		{"Short", "Cidr", "unknown", ""},
		{"Short", "FindInMap", `"ami-123"`, ""},
		{"Short", "GetAZs", "unknown", ""},
		{"Short", "ImportValue", "unknown", "Fn::ImportValue.shared-key@!ImportValue shared-key"},
		{"Short", "Transform", "unknown", ""},
		{"Short", "Condition", `"both"`, ""},
		{"Short", "Not", `"prod"`, ""},

		{"Long", "Ref", `"prod"`, "Env@Ref: Env"},
		{"Long", "GetAtt", "unknown", "Key.SecretAccessKey@Fn::GetAtt: [Key, SecretAccessKey]"},
		{"Long", "GetAttString", "unknown", "Key.SecretAccessKey@Fn::GetAtt: Key.SecretAccessKey"},
		{"Long", "Sub", "unknown", "Env@${Env}, AWS::Region@${AWS::Region}"},
		{"Long", "SubMap", "unknown", "Key.SecretAccessKey@Fn::GetAtt: [Key, SecretAccessKey] via ${A}"},
		{"Long", "Join", `"a-prod"`, "Env@{Ref: Env}"},
		{"Long", "Select", `"b"`, "Subnets@{Ref: Subnets}"},
		{"Long", "Split", `["x" "y"]`, ""},
		{"Long", "If", `"yes-prod"`, ""},
		{"Long", "Base64", `"aGk="`, ""},
		{"Long", "Cidr", "unknown", ""},
		{"Long", "FindInMap", `"ami-123"`, ""},
		{"Long", "GetAZs", "unknown", `AWS::Region@{Ref: "AWS::Region"}`},
		{"Long", "ImportValue", "unknown", `Fn::ImportValue.prod-key@Fn::ImportValue: {Fn::Sub: "${Env}-key"}`},
		{"Long", "Transform", "unknown", ""},
		{"Long", "Condition", `"both"`, ""},
	})

	// A Ref to a parameter keeps the parameter's default and says where it
	// came from; FindInMap's result points into Mappings.
	if got := at(t, src, resource(t, m, "Short").Attr("FindInMap").Range); got != "ami-123" {
		t.Errorf("FindInMap range covers %q, want the mapping's value", got)
	}
	if got := at(t, src, resource(t, m, "Short").Range); got != "Short" {
		t.Errorf("resource range covers %q, want the logical ID", got)
	}
	if got := at(t, src, resource(t, m, "Short").Body.GetAttr("GetAtt").NameRange); got != "GetAtt" {
		t.Errorf("attribute name range covers %q", got)
	}

	vars := map[string]*model.Variable{}
	for _, v := range m.Variables {
		vars[v.Name] = v
	}
	if d := vars["Env"].Default; describe(d) != `"prod"` || at(t, src, vars["Env"].Range) != "Env" {
		t.Errorf("parameter Env: default %s, range %v", describe(d), vars["Env"].Range)
	}
	if !vars["Secret"].Sensitive || vars["Env"].Sensitive {
		t.Errorf("NoEcho: Secret %v, Env %v", vars["Secret"].Sensitive, vars["Env"].Sensitive)
	}
	out := m.Outputs[0]
	if out.Name != "Secret" || refs(t, src, out.Value) != "Key.SecretAccessKey@!GetAtt Key.SecretAccessKey" ||
		refs(t, src, out.Export) != "AWS::StackName@${AWS::StackName}" {
		t.Errorf("output %s: value %s, export %s", out.Name, refs(t, src, out.Value), refs(t, src, out.Export))
	}
	if m.Language != model.CloudFormation || m.File != path || m.Dir != "testdata" {
		t.Errorf("module %+v", m)
	}
}

// TestIntrinsicsJSON reads the long forms from JSON, with escapes, a tab
// and non-ASCII text before the references.
func TestIntrinsicsJSON(t *testing.T) {
	path, src := readTestdata(t, "intrinsics.json")
	m := mustBuild(t, map[string]string{path: src})[path]
	checkProps(t, m, src, []propCase{
		{"Long", "Ref", `"prod"`, `Env@{ "Ref": "Env" }`},
		{"Long", "GetAtt", "unknown", `Key.SecretAccessKey@{ "Fn::GetAtt": [ "Key", "SecretAccessKey" ] }`},
		{"Long", "Sub", "unknown", "Env@${Env}, AWS::Region@${AWS::Region}"},
		{"Long", "SubEscaped", "unknown", "Key.SecretAccessKey@${Key.SecretAccessKey}, Env@${Env}"},
		{"Long", "SubMap", "unknown", `Key.SecretAccessKey@{ "Fn::GetAtt": [ "Key", "SecretAccessKey" ] } via ${A}`},
		{"Long", "Join", "unknown", `AWS::Partition@{ "Ref": "AWS::Partition" }, Env@{ "Ref": "Env" }`},
		{"Long", "Select", `"b"`, `Subnets@{ "Ref": "Subnets" }`},
		{"Long", "Split", `["x" "y"]`, ""},
		{"Long", "If", `"yes"`, ""},
		{"Long", "Base64", `"aGk="`, ""},
		{"Long", "Cidr", "unknown", ""},
		{"Long", "FindInMap", `"ami-123"`, ""},
		{"Long", "GetAZs", "unknown", ""},
		{"Long", "ImportValue", "unknown", `Fn::ImportValue.shared-key@{ "Fn::ImportValue": "shared-key" }`},
		{"Long", "Transform", "unknown", ""},
		{"Long", "Number", "number 42", ""},
		{"Long", "Bool", "true", ""},
		{"Long", "Null", "null", ""},
	})
	if got := at(t, src, resource(t, m, "Long").Range); got != `"Long"` {
		t.Errorf("resource range covers %q, want the quoted logical ID", got)
	}
}
