package terraform

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iamlint/iamlint/parsers/model"
)

// splitAgrees checks the splitter against HCL on a file HCL parses without
// errors: the same top-level blocks, byte for byte. It returns false when
// the splitter gave up (then the file is parsed whole, which is safe).
func splitAgrees(t *testing.T, src []byte) bool {
	t.Helper()
	if nestedPast(src, '{') >= 0 {
		return false // too deep for HCL's parser, the oracle here
	}
	f, diags := hclsyntax.ParseConfig(src, "x.tf", hcl.InitialPos)
	if diags.HasErrors() {
		return false
	}
	s := NewSketch("x.tf", src)
	if s.dirWhole {
		return false
	}
	body := f.Body.(*hclsyntax.Body)
	if len(body.Attributes) > 0 {
		t.Fatalf("top-level attributes, yet the splitter went on")
	}
	var want [][2]int
	for _, b := range body.Blocks {
		want = append(want, [2]int{b.TypeRange.Start.Byte, b.CloseBraceRange.End.Byte})
	}
	var got [][2]int
	for _, b := range s.blocks {
		got = append(got, [2]int{b.start, b.end})
	}
	if !slices.Equal(got, want) {
		t.Fatalf("blocks %v, HCL says %v\n%s", got, want, src)
	}
	return true
}

func TestSplit(t *testing.T) {
	for name, src := range map[string]string{
		"braces in strings":  "locals {\n  a = \"}\"\n  b = \"{\"\n}\nresource \"x\" \"y\" {}\n",
		"templates":          "locals {\n  a = \"${ {a = \"}\"}.a }\"\n  b = \"%{ if true }}%{ endif }\"\n}\nvariable \"v\" {}\n",
		"escapes":            "locals {\n  a = \"\\\"}\"\n  b = \"$${x}\"\n}\noutput \"o\" { value = 1 }\n",
		"heredoc":            "locals {\n  a = <<EOT\n}\n  EOT\n  b = <<-EOT\n    {\n    EOT\n}\nmodule \"m\" {\n  source = \"./m\"\n}\n",
		"comments":           "# {\n// }\n/* { */\nresource \"a\" \"b\" { # }\n  x = 1 // }\n  /* } */\n}\n",
		"nested blocks":      "resource \"a\" \"b\" {\n  dynamic \"x\" {\n    for_each = [{}]\n    content { y = (1) }\n  }\n}\n",
		"unquoted labels":    "resource aws_instance b {\n}\n",
		"no final newline":   "terraform {}",
		"crlf":               "locals {\r\n  a = \"}\"\r\n}\r\n",
		"unicode":            "locals {\n  é = \"ünï}\"\n}\n",
		"for expression":     "locals {\n  a = { for k, v in var.m : k => v if v != \"}\" }\n  b = [for x in [1] : x]\n}\n",
		"empty file":         "",
		"only comments":      "# nothing\n",
		"object in function": "locals {\n  a = merge({}, { b = \"}\" })\n}\n",
		"heredoc template":   "locals {\n  a = <<EOT\n${\"}\"} $${ %%{ ${ {b = \"{\"}.b } %{ if true }x%{ endif }\n${\nupper(\"EOT\")\n}\nEOT\n}\nvariable \"v\" {}\n",
	} {
		t.Run(name, func(t *testing.T) {
			if !splitAgrees(t, []byte(src)) && strings.Contains(name, "labels") {
				t.Errorf("the splitter gave up on %q", src)
			}
		})
	}
}

// TestSplitGivesUp: text that is not plain blocks, or that HCL rejects,
// makes the directory parse whole.
func TestSplitGivesUp(t *testing.T) {
	for _, src := range []string{
		"a = 1\n",                         // an attribute at the top level
		"resource \"a\" \"b\" {\n",        // unclosed
		"locals {\n  a = \"x\n}\n",        // a string across lines
		"locals {\n  a = <<EOT\n  x\n}\n", // unterminated heredoc
		"locals { a = ) }\n",              // mismatched bracket
		"resource \"a${x}\" \"b\" {}\n",   // template in a label
	} {
		if s := NewSketch("x.tf", []byte(src)); !s.dirWhole {
			t.Errorf("%q: the splitter went on", src)
		}
	}
}

func TestLocalsUnits(t *testing.T) {
	src := "locals {\n  a = aws_iam_access_key.k.secret\n  b = {\n    c = 1\n  }\n  d = var.x\n}\n"
	s := NewSketch("x.tf", []byte(src))
	var names []string
	for _, u := range s.units {
		names = append(names, strings.Join(u.names, ","))
	}
	if want := []string{"local.a", "local.b", "local.d"}; !slices.Equal(names, want) {
		t.Fatalf("units %v, want %v", names, want)
	}
	if !s.units[0].source || s.units[1].source || s.units[2].source {
		t.Errorf("only local.a names a key: %+v", s.units)
	}
}

func TestReferences(t *testing.T) {
	got := references([]byte(`x = "${var.a}-${local.b[0].c}" + module.m["k"].out + data.aws_caller_identity.me.account_id + aws_iam_user.u.name + each.value + foo.bar.baz`))
	want := []string{"var.a", "local.b", "module.m", "data.aws_caller_identity.me", "aws_iam_user.u"}
	for _, w := range want {
		if !slices.Contains(got, w) {
			t.Errorf("%s not among %v", w, got)
		}
	}
	if slices.Contains(got, "each.value") {
		t.Errorf("each.value is no reference to a block: %v", got)
	}
	if slices.Contains(got, "module.m"+secretOutput) {
		t.Errorf("module.m.out names no key: %v", got)
	}
	if got := references([]byte(`module.m.iam_access_key_secret`)); !slices.Contains(got, "module.m"+secretOutput) {
		t.Errorf("a key-named output is not marked: %v", got)
	}
}

// FuzzSketch: the splitter agrees with HCL on every file HCL accepts, and
// selecting and parsing never fails on any input.
func FuzzSketch(f *testing.F) {
	for _, dir := range []string{"testdata/eval", "../../testdata/examples/terraform", "../../lint/testdata/selection/flow", "../../lint/testdata/selection/tricky"} {
		entries, _ := os.ReadDir(dir)
		for _, e := range entries {
			if src, err := os.ReadFile(filepath.Join(dir, e.Name())); err == nil && strings.HasSuffix(e.Name(), ".tf") {
				f.Add(src)
			}
		}
	}
	for _, d := range deepSources(2 * model.MaxNesting) {
		if strings.HasSuffix(d.file, ".tf") {
			f.Add([]byte(d.src))
		}
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		splitAgrees(t, src)
		s := NewSketch("x.tf", src)
		SelectBlocks([]*Sketch{s}, Seeds{Policies: true, Flow: true, Literals: true, Sinks: Sinks{All: len(src)%2 == 0}})
		file, _ := s.Parse()
		if file == nil || file.hcl == nil {
			return
		}
		for _, b := range file.hcl.Body.(*hclsyntax.Body).Blocks {
			if b.TypeRange.Start.Byte < 0 || b.CloseBraceRange.End.Byte > len(src) {
				t.Fatalf("block %s at %v is outside the file", b.Type, b.Range())
			}
		}
	})
}

func TestLocalSources(t *testing.T) {
	src := `module "a" {
  source = "./modules/a"
}
module "b" {
  source  = "terraform-aws-modules/iam/aws"
  version = "5.0.0"
}
module "c" { source = "../c" }
resource "x" "y" {
  resource_source = "./not-this"
  provisioner "file" {
    source = "./scripts/x"
  }
}
`
	if got, want := LocalSources([]byte(src)), []string{"./modules/a", "../c", "./scripts/x"}; !slices.Equal(got, want) {
		t.Errorf("native: %q, want %q", got, want)
	}
	json := `{"module": {"a": {"source": "./a"}, "b": {"source" : "git::https://x"}}}`
	if got, want := LocalSources([]byte(json)), []string{"./a"}; !slices.Equal(got, want) {
		t.Errorf("JSON: %q, want %q", got, want)
	}
}

func TestContainsFold(t *testing.T) {
	for text, want := range map[string]bool{
		"provider \"aws\" {\n  Token = x\n}": true,
		"provider \"aws\" {\n  TOKEN = x\n}": true,
		"provider \"aws\" {\n  tokes = x\n}": false,
		"toke":                               false,
		"xtoken":                             true,
	} {
		if got := containsFold([]byte(text), []byte("token")); got != want {
			t.Errorf("containsFold(%q, token) = %v", text, got)
		}
	}
}
