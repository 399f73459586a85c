package terraform

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// deepSources are Terraform files nested far past model.MaxNesting in every
// way HCL's parser or evaluator recurses, each followed by an access key
// resource where the syntax allows. Before the limit, each of them
// overflowed the goroutine stack (a fatal error no recover catches) or
// took seconds and hundreds of megabytes.
// deepSources builds them n levels deep (chains 10n long); the positions
// of the errors do not depend on n past the limit. Tests use 100,000, fuzz
// seeds a few thousand, which the fuzzer can still mutate quickly.
func deepSources(n int) []deepSource {
	return []deepSource{
		{"brackets", "main.tf", "resource \"aws_iam_policy\" \"p\" {\n  policy = jsonencode(" + nest("[", "]", n) + ")\n}\n" + keyBlock, "2:1020", true},
		{"objects", "main.tf", "locals {\n  x = " + nest("{a=", "}", n) + "\n}\n" + keyBlock, "2:1504", true},
		{"interpolations", "main.tf", "locals {\n  x = " + nest(`"${`, `}"`, n) + "\n}\n" + keyBlock, "2:1504", true},
		{"heredoc interpolation", "main.tf", "locals {\n  x = <<EOT\n${" + nest("[", "]", n) + "}\nEOT\n}\n" + keyBlock, "3:999", true},
		{"unary chain", "main.tf", "locals {\n  x = " + strings.Repeat("!", 10*n) + "true\n}\n" + keyBlock, "2:1005", true},
		{"binary chain", "main.tf", "locals {\n  x = 1" + strings.Repeat("+1", 10*n) + "\n}\n" + keyBlock, "2:2004", true},
		{"conditional chain", "main.tf", "locals {\n  x = " + strings.Repeat("true ? 1 : ", n) + "2\n}\n" + keyBlock, "2:10990", true},
		{"index chain", "main.tf", "locals {\n  x = local.y" + strings.Repeat("[local.z]", 2*n) + "\n}\n" + keyBlock, "2:8996", true},
		{"nested blocks", "main.tf", "resource \"aws_iam_role\" \"r\" {\n" + nest("a {\n", "}\n", n) + "}\n" + keyBlock, "1001:3", true},
		// What the splitter cannot read is measured whole, and not parsed.
		{"tfvars", "terraform.tfvars", "x = " + nest("[", "]", n) + "\n", "1:1003", false},
		{"unsplittable", "main.tf", keyBlock + "x = " + nest("[", "]", n) + "\n", "4:1003", false},
		{"JSON", "main.tf.json", `{"locals": {"x": ` + nest("[", "]", 2*n) + `}}`, "1:1016", false},
		{"JSON template", "main.tf.json", `{"locals": {"x": "${` + nest("[", "]", 2*n) + `}"}}`, "1:1019", false},
	}
}

type deepSource struct {
	name, file, src string
	at              string // line:col of the error
	keyKept         bool   // the key resource after the deep block is still read
}

const keyBlock = "resource \"aws_iam_access_key\" \"k\" {\n  user = \"u\"\n}\n"

func nest(open, close string, n int) string {
	return strings.Repeat(open, n) + "0" + strings.Repeat(close, n)
}

func TestDeepNesting(t *testing.T) {
	for _, tt := range deepSources(100000) {
		t.Run(tt.name, func(t *testing.T) {
			dir := t.TempDir()
			path := filepath.Join(dir, tt.file)
			f, diags := ParseFile(path, []byte(tt.src))
			var mod *model.Module
			if f != nil {
				var more []model.Diagnostic
				mod, _, more = BuildModule(dir, []*File{f}, Options{})
				diags = append(diags, more...)
			}
			if len(diags) == 0 {
				t.Fatal("no diagnostic")
			}
			d := diags[0]
			want := fmt.Sprintf("nested more than %d levels deep", model.MaxNesting)
			if d.Severity != model.Error || d.Summary != want || d.Range.File != path {
				t.Errorf("diagnostic = %s, want error %q", d.Error(), want)
			}
			if at := fmt.Sprintf("%d:%d", d.Range.Start.Line, d.Range.Start.Column); at != tt.at {
				t.Errorf("diagnostic at %s, want %s", at, tt.at)
			}
			kept := mod != nil && resource(mod, "aws_iam_access_key.k") != nil
			if kept != tt.keyKept {
				t.Errorf("key resource read: %v, want %v", kept, tt.keyKept)
			}
		})
	}
}

// Nesting up to the limit is read as before.
func TestNestingWithinLimit(t *testing.T) {
	src := "locals {\n  x = " + nest("[", "]", model.MaxNesting-10) + "\n}\n" + keyBlock
	s := NewSketch("main.tf", []byte(src))
	s.NeedAll()
	f, diags := s.Parse()
	if len(diags) > 0 || f == nil {
		t.Fatalf("diagnostics: %v", diags)
	}
	if n := len(s.blocks); n != 2 || s.blocks[0].deep >= 0 {
		t.Errorf("blocks = %+v", s.blocks)
	}
}

// A template file nested too deeply is an error, not a crash: its value
// is unknown and the resource is read.
func TestDeepTemplateFile(t *testing.T) {
	dir := t.TempDir()
	tmpl := filepath.Join(dir, "t.tpl")
	if err := os.WriteFile(tmpl, []byte("x ${"+nest("[", "]", 100000)+"}\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	src := "resource \"aws_instance\" \"i\" {\n  user_data = templatefile(\"${path.module}/t.tpl\", {})\n}\n"
	f, diags := ParseFile(filepath.Join(dir, "main.tf"), []byte(src))
	if len(diags) > 0 {
		t.Fatal(diags)
	}
	mod, _, diags := BuildModule(dir, []*File{f}, Options{Root: dir})
	if resource(mod, "aws_instance.i") == nil {
		t.Error("resource not read")
	}
	if len(diags) != 1 || diags[0].Range.File != tmpl || diags[0].Range.Start.Column != 4+model.MaxNesting-1 {
		t.Errorf("diagnostics %v, want one at %s:1:%d", diags, tmpl, 4+model.MaxNesting-1)
	}
}
