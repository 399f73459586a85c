package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
)

// loadDir parses and builds every Terraform file of dir.
func loadDir(t *testing.T, dir string) (*model.Module, []*model.File, []model.Diagnostic) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var files []*File
	var diags []model.Diagnostic
	for _, e := range entries {
		if !IsConfig(e.Name()) {
			continue
		}
		path := filepath.Join(dir, e.Name())
		src, err := os.ReadFile(path)
		if err != nil {
			t.Fatal(err)
		}
		f, d := ParseFile(path, src)
		diags = append(diags, d...)
		files = append(files, f)
	}
	mod, extra, d := BuildModule(dir, files, Options{Root: dir})
	return mod, extra, append(diags, d...)
}

func local(m *model.Module, name string) *model.Value {
	for _, l := range m.Locals {
		if l.Name == name {
			return l.Value
		}
	}
	return nil
}

func resource(m *model.Module, addr string) *model.Resource {
	for _, r := range m.Resources {
		if r.Address == addr {
			return r
		}
	}
	return nil
}

func TestEvaluation(t *testing.T) {
	dir := filepath.Join("testdata", "eval")
	m, extra, diags := loadDir(t, dir)
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}

	strs := map[string]string{
		"prefix":  "app-prod",
		"boot":    "hello app-prod\n",
		"readme":  "hello ${who}\n",
		"encoded": `{"a":[1,2],"b":"prod"}`,
	}
	for name, want := range strs {
		if got, ok := local(m, name).AsString(); !ok || got != want {
			t.Errorf("local.%s = %q (known %v), want %q", name, got, ok, want)
		}
	}
	for _, name := range []string{"cycle_a", "cycle_b", "unknown", "escaped", "impure"} {
		if v := local(m, name); v.Known() {
			t.Errorf("local.%s is known (%q), want unknown", name, v.Str)
		}
	}
	if got, _ := local(m, "tags").Get("Name").AsString(); got != "app-prod" {
		t.Errorf("local.tags.Name = %q", got)
	}
	if len(extra) != 1 || !strings.HasSuffix(extra[0].Path, "boot.tftpl") {
		t.Errorf("extra files = %v, want the template", extra)
	}

	web := resource(m, "aws_instance.web")
	if web == nil {
		t.Fatal("no aws_instance.web")
	}
	if web.Instances != 2 {
		t.Errorf("web.Instances = %d, want 2", web.Instances)
	}
	if got, _ := web.Attr("instance_type").AsString(); got != "t3.micro" {
		t.Errorf("instance_type = %q, want the tfvars value", got)
	}
	if ami := web.Attr("ami"); ami.Known() {
		t.Errorf("ami depends on count.index and must be unknown, got %q", ami.Str)
	}
	ebs := web.Body.GetAttr("ebs_block_device")
	if ebs == nil || !ebs.Dynamic || ebs.Value.Get("volume_size").Num != 10 {
		t.Errorf("dynamic block not read as its content: %+v", ebs)
	}
	prov := web.Body.GetAttr("provisioner")
	if prov == nil || !prov.Block || len(prov.Labels) != 1 || prov.Labels[0] != "remote-exec" {
		t.Errorf("provisioner block = %+v", prov)
	}

	key := resource(m, "aws_iam_access_key.k")
	if key.Instances != 2 {
		t.Errorf("for_each over a known set: Instances = %d, want 2", key.Instances)
	}
	refs := key.Attr("user").AllRefs()
	if len(refs) == 0 || refs[0].Subject != "aws_iam_user.u" {
		t.Errorf("user refs = %+v", refs)
	}

	var keyOut *model.Output
	for _, o := range m.Outputs {
		if o.Name == "key" {
			keyOut = o
		}
	}
	ref := keyOut.Value.Refs[0]
	if ref.Subject != "aws_iam_access_key.k" || ref.Index != `["a"]` || ref.Attr != "secret" || !keyOut.Sensitive {
		t.Errorf("output key ref = %+v sensitive=%v", ref, keyOut.Sensitive)
	}
	// The traversal's exact range: aws_iam_access_key.k["a"].secret on its line.
	if ref.Range.Start.Column != 15 || ref.Range.End.Column != 47 {
		t.Errorf("ref range = %v-%v", ref.Range.Start, ref.Range.End)
	}
}

func TestJSONSyntax(t *testing.T) {
	m, _, diags := loadDir(t, filepath.Join("testdata", "json"))
	for _, d := range diags {
		t.Errorf("unexpected diagnostic: %s", d.Error())
	}
	prov := resource(m, "provider.aws")
	if got, _ := prov.Attr("region").AsString(); got != "eu-west-1" {
		t.Errorf("provider region = %q", got)
	}
	if got, _ := prov.Attr("access_key").AsString(); got != "AKIAIOSFODNN7EXAMPLE" {
		t.Errorf("provider access_key = %q", got)
	}
	key := resource(m, "aws_iam_access_key.k")
	if key == nil || key.Range.Start.Line != 5 {
		t.Fatalf("key = %+v", key)
	}
	if refs := key.Attr("user").AllRefs(); len(refs) != 1 || refs[0].String() != "aws_iam_user.u.name" {
		t.Errorf("user refs = %+v", refs)
	}
	doc := resource(m, "aws_iam_policy_document_like.d")
	st := doc.Body.GetAttr("statement")
	if st == nil || !st.Dynamic || st.Value.Get("actions") == nil {
		t.Errorf("JSON dynamic block = %+v", st)
	}
}

// Bad input: every case gives a positioned diagnostic and no panic.
func TestBadInput(t *testing.T) {
	tests := []struct {
		name, file, src string
		want            string // in the diagnostic summary
		line, col       int
	}{
		{"unclosed block", "main.tf", "resource \"aws_iam_user\" \"u\" {\n  name = \"x\"\n", "unclosed configuration block", 1, 29},
		{"bad tfvars", "terraform.tfvars", "region = \n", "invalid expression", 1, 10},
		{"binary", "blob.tf", "abc\x00def", "binary file", 1, 4},
		{"invalid utf-8", "main.tf", "locals {\n  a = \"\xff\"\n}\n", "the file is not valid utf-8", 2, 8},
		{"bad json", "main.tf.json", "{\"resource\": [}", "missing json value", 1, 15},
		{"wrong labels", "main.tf", "resource \"only_one\" {\n}\n", "missing name for resource", 1, 21},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			f, diags := ParseFile(path, []byte(tt.src))
			if f != nil {
				_, _, more := BuildModule(dir, []*File{f}, Options{})
				diags = append(diags, more...)
			}
			if len(diags) == 0 {
				t.Fatal("no diagnostic")
			}
			d := diags[0]
			if d.Severity != model.Error || !strings.Contains(strings.ToLower(d.Summary), tt.want) {
				t.Errorf("diagnostic = %s, want error %q", d.Error(), tt.want)
			}
			if d.Range.File != path || d.Range.Start.Line != tt.line || d.Range.Start.Column != tt.col {
				t.Errorf("diagnostic at %s, want %s:%d:%d", d.Range, path, tt.line, tt.col)
			}
		})
	}
}

// TestBOMAndCRLF: a byte order mark counts in byte offsets but not in the
// columns of line 1, which are the ones an editor shows; Windows line ends
// keep positions true.
func TestBOMAndCRLF(t *testing.T) {
	src := model.BOM + "resource \"aws_iam_access_key\" \"k\" {\r\n  user = \"u\"\r\n}\r\n"
	f, diags := ParseFile("main.tf", []byte(src))
	if len(diags) > 0 {
		t.Fatalf("diagnostics: %v", diags)
	}
	m, _, _ := BuildModule(".", []*File{f}, Options{})
	r := m.Resources[0]
	if r.Range.Start != (model.Pos{Line: 1, Column: 1, Byte: 3}) {
		t.Errorf("header starts at %+v", r.Range.Start)
	}
	if user := r.Attr("user"); user.Range.Start.Line != 2 || user.Range.Start.Column != 10 {
		t.Errorf("user at %+v", user.Range.Start)
	}
}

// TestBOMLine1: positions on line 1 of a file with a byte order mark, in
// both syntaxes, for values and for syntax errors.
func TestBOMLine1(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int // of the user attribute, or of the first error
		err       bool
	}{
		{"main.tf", `resource "aws_iam_access_key" "k" { user = "u" }`, 1, 44, false},
		{"main.tf.json", `{"resource": {"aws_iam_access_key": {"k": {"user": "u"}}}}`, 1, 52, false},
		{"main.tf", `resource "aws_iam_access_key" "k" { user = "u" } }`, 1, 50, true},
		{"main.tf.json", `{"resource": {"aws_iam_access_key": {"k": {"user": "u",}}}}`, 1, 55, true},
	}
	for _, tt := range tests {
		t.Run(tt.src, func(t *testing.T) {
			src := []byte(model.BOM + tt.src)
			f, diags := ParseFile(tt.name, src)
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
				m, _, _ := BuildModule(".", []*File{f}, Options{})
				got = m.Resources[0].Attr("user").Range.Start
			}
			if got.Line != tt.line || got.Column != tt.col || got.Byte != tt.col-1+len(model.BOM) {
				t.Errorf("at %+v, want %d:%d (byte %d)", got, tt.line, tt.col, tt.col-1+len(model.BOM))
			}
		})
	}
}

// TestInvalidUTF8: a file that is not UTF-8 gets one error, at its first
// invalid byte, and the rest of it is still read (the invalid bytes read as
// frontend.Replacement), whether or not the block selection splits it.
func TestInvalidUTF8(t *testing.T) {
	tests := []struct {
		name, src string
		line, col int
		user      string
	}{
		{"main.tf", "# caf\xe9\nresource \"aws_iam_access_key\" \"k\" {\n  user = \"caf\xe9\xe9\"\n}\n", 1, 6, "caf__"},
		{"main.tf", "resource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n  # \xff\n}\n", 3, 5, "u"},
		{"main.tf.json", "{\"resource\": {\"aws_iam_access_key\": {\"k\": {\"user\": \"caf\xe9\"}}}}", 1, 56, "caf_"},
	}
	for _, tt := range tests {
		for _, selected := range []bool{false, true} {
			t.Run(fmt.Sprintf("%q/selected=%v", tt.src, selected), func(t *testing.T) {
				s := NewSketch(tt.name, []byte(tt.src))
				if !selected {
					s.NeedAll()
				}
				f, diags := s.Parse()
				if len(diags) != 1 || diags[0].Summary != "the file is not valid UTF-8" || diags[0].Severity != model.Error {
					t.Fatalf("diagnostics = %v, want one encoding error", diags)
				}
				if p := diags[0].Range.Start; p.Line != tt.line || p.Column != tt.col {
					t.Errorf("error at %d:%d, want %d:%d", p.Line, p.Column, tt.line, tt.col)
				}
				if !selected {
					m, _, more := BuildModule(".", []*File{f}, Options{})
					if len(more) > 0 || len(m.Resources) != 1 {
						t.Fatalf("module: %d resources, diagnostics %v", len(m.Resources), more)
					}
					if got := m.Resources[0].Attr("user").Str; got != tt.user {
						t.Errorf("user = %q, want %q", got, tt.user)
					}
				}
			})
		}
	}
}

func FuzzParse(f *testing.F) {
	for _, dir := range []string{"testdata/eval", "testdata/json", "../../testdata/examples/terraform"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if src, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && !e.IsDir() {
				f.Add(e.Name(), src)
			}
		}
	}
	f.Add("x.tf", []byte("locals { a = \"${\" }"))
	for _, d := range deepSources(2 * model.MaxNesting) {
		f.Add(d.file, []byte(d.src))
	}
	f.Fuzz(func(t *testing.T, name string, src []byte) {
		// The name picks the syntax; keep it to the four kinds of file.
		switch {
		case strings.HasSuffix(name, ".json"):
			name = "fuzz.tf.json"
		case strings.HasSuffix(name, "vars"):
			name = "fuzz.tfvars"
		default:
			name = "fuzz.tf"
		}
		dir := t.TempDir()
		file, _ := ParseFile(filepath.Join(dir, name), src)
		if file == nil {
			return
		}
		m, _, diags := BuildModule(dir, []*File{file}, Options{})
		for _, d := range diags {
			if d.Range.File == "" {
				t.Errorf("diagnostic without a file: %s", d.Summary)
			}
		}
		for _, r := range m.Resources {
			if r.Range.Start.Line < 1 {
				t.Errorf("resource %s without a position", r.Address)
			}
		}
	})
}

// Code that asks for huge values evaluates to unknown, quickly.
func TestEvaluationLimits(t *testing.T) {
	for _, src := range []string{
		`locals { a = setproduct(range(1000), range(1000), range(100)) }`,
		`locals { a = [for x in range(1000) : [for y in range(1000) : [for z in range(1000) : z]]] }`,
		`locals {
  s0 = "0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef"
  s1 = "${local.s0}${local.s0}${local.s0}${local.s0}${local.s0}${local.s0}${local.s0}${local.s0}"
  s2 = "${local.s1}${local.s1}${local.s1}${local.s1}${local.s1}${local.s1}${local.s1}${local.s1}"
  s3 = "${local.s2}${local.s2}${local.s2}${local.s2}${local.s2}${local.s2}${local.s2}${local.s2}"
  s4 = "${local.s3}${local.s3}${local.s3}${local.s3}${local.s3}${local.s3}${local.s3}${local.s3}"
  s5 = "${local.s4}${local.s4}${local.s4}${local.s4}${local.s4}${local.s4}${local.s4}${local.s4}"
  s6 = "${local.s5}${local.s5}${local.s5}${local.s5}${local.s5}${local.s5}${local.s5}${local.s5}"
  s7 = "${local.s6}${local.s6}${local.s6}${local.s6}${local.s6}${local.s6}${local.s6}${local.s6}"
  s8 = "${local.s7}${local.s7}${local.s7}${local.s7}${local.s7}${local.s7}${local.s7}${local.s7}"
  a  = "${local.s8}${local.s8}${local.s8}${local.s8}${local.s8}${local.s8}${local.s8}${local.s8}"
}`,
	} {
		start := time.Now()
		f, _ := ParseFile("main.tf", []byte(src))
		m, _, _ := BuildModule(".", []*File{f}, Options{})
		if v := local(m, "a"); v == nil || v.Known() {
			t.Errorf("local.a is known or missing for\n%s", src)
		}
		if d := time.Since(start); d > 5*time.Second {
			t.Errorf("took %v for\n%s", d, src)
		}
	}
}

// TestNumberText: the fast path prints numbers exactly as big.Float does.
func TestNumberText(t *testing.T) {
	for _, s := range []string{"0", "-5", "86400", "1.5", "-0.25", "1e30", "9223372036854775807", "9223372036854775808", "-9223372036854775809"} {
		v := cty.MustParseNumberVal(s)
		f, got := numberText(v)
		if want := v.AsBigFloat().Text('f', -1); got != want {
			t.Errorf("%s: %q, want %q", s, got, want)
		}
		if want, _ := v.AsBigFloat().Float64(); f != want {
			t.Errorf("%s: %v, want %v", s, f, want)
		}
	}
}
