package lint_test

import (
	"bufio"
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint"
	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// toy is a language that exists only in this test, to show what adding a
// front-end takes: this one type (in a real language, one package under
// parsers/) and one registration line. A .toy file declares IAM users and
// their access keys, one a line:
//
//	user deploy
//	key deploy      # iamlint:ignore IAM105 the vendor appliance only takes keys
//
// Every rule of the catalog that reads users and keys works on it
// unchanged: rules read the model, never the language.
type toy struct{}

const toyLanguage model.Language = "toy"

func (toy) Meta() frontend.Meta {
	return frontend.Meta{Language: toyLanguage, Title: "Toy", Fence: "text", Fixtures: []string{"*.toy"}}
}

func (toy) Match(path string, _ bool) bool { return strings.HasSuffix(path, ".toy") }

func (toy) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	out := &frontend.Result{}
	for _, in := range inputs {
		src, err := frontend.ReadFile(in.Path, opts.MaxFileSize)
		if err != nil {
			out.Diagnostics = append(out.Diagnostics, frontend.ReadError(in.Path, err, opts.MaxFileSize))
			continue
		}
		file := &model.File{Path: in.Path, Language: toyLanguage, Src: src}
		mod := &model.Module{Dir: filepath.Dir(in.Path), File: in.Path, Language: toyLanguage}
		sc := bufio.NewScanner(bytes.NewReader(src))
		offset := 0
		for line := 1; sc.Scan(); line, offset = line+1, offset+len(sc.Bytes())+1 {
			text, comment, _ := strings.Cut(sc.Text(), "#")
			fields := strings.Fields(text)
			if len(fields) != 2 {
				continue
			}
			end := len(sc.Text())
			lineRange := model.Range{File: in.Path, Start: model.Pos{Line: line, Column: 1, Byte: offset}, End: model.Pos{Line: line, Column: end + 1, Byte: offset + end}}
			if directive, ok := strings.CutPrefix(strings.TrimSpace(comment), "iamlint:ignore"); ok {
				file.Suppressions = append(file.Suppressions, model.Suppression{Text: strings.TrimSpace(directive), Range: lineRange, Scope: lineRange})
			}
			kind, name := fields[0], fields[1]
			user := &model.Value{Kind: model.String, Str: name, Range: lineRange}
			r := &model.Resource{Mode: model.Managed, Name: name, Range: lineRange, Extent: lineRange, Instances: 1}
			switch kind {
			case "user":
				r.Type, r.Address = "aws_iam_user", "aws_iam_user."+name
				r.Body = &model.Value{Kind: model.Object, Range: lineRange, Attrs: []*model.Attr{{Name: "name", Value: user}}}
			case "key":
				r.Type, r.Address = "aws_iam_access_key", "aws_iam_access_key."+name
				r.Body = &model.Value{Kind: model.Object, Range: lineRange, Attrs: []*model.Attr{{Name: "user", Value: user}}}
			default:
				continue
			}
			mod.Resources = append(mod.Resources, r)
		}
		out.Modules = append(out.Modules, mod)
		out.Files = append(out.Files, file)
	}
	return out
}

// TestToyFrontEnd: a language added with one registration line is walked,
// loaded, checked by the catalog's rules and suppressed like the others.
func TestToyFrontEnd(t *testing.T) {
	dir := t.TempDir()
	src := "user deploy\nkey deploy\nkey deploy # iamlint:ignore IAM105 the appliance only takes keys\n"
	if err := os.WriteFile(filepath.Join(dir, "iam.toy"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	fes := append(lint.FrontEnds(), toy{}) // the registration line
	res, err := lint.New(lint.Options{Go: lint.GoOff, FrontEnds: fes}).Lint(context.Background(), []string{dir})
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, f := range res.Findings {
		got = append(got, fmt.Sprintf("%d %s", f.Range.Start.Line, f.Rule.ID))
	}
	for _, s := range res.Suppressed {
		got = append(got, fmt.Sprintf("%d %s suppressed: %s", s.Range.Start.Line, s.Rule.ID, s.Justification))
	}
	want := "2 IAM105|3 IAM203|3 IAM105 suppressed: the appliance only takes keys"
	if strings.Join(got, "|") != want {
		t.Errorf("findings:\n%s\nwant:\n%s", strings.Join(got, "|"), want)
	}
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %s", d.Error())
	}

	// Without the registration line the directory holds nothing to scan.
	res, _ = lint.New(lint.Options{Go: lint.GoOff}).Lint(context.Background(), []string{dir})
	if len(res.Findings) != 0 || len(res.Diagnostics) != 1 || !strings.Contains(res.Diagnostics[0].Summary, "no Terraform or CloudFormation files found") {
		t.Errorf("without the toy front-end: %d findings, diagnostics %v", len(res.Findings), res.Diagnostics)
	}
}
