package jsonpos

import (
	"errors"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

func TestParseRanges(t *testing.T) {
	src := "{\n  \"Version\": \"2012-10-17\",\n  \"Statement\": [\n    {\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"*\"}}\n  ]\n}"
	// The document starts at line 3, column 21 of its file.
	v, err := Parse([]byte(src), "main.tf", model.Pos{Line: 3, Column: 21, Byte: 100})
	if err != nil {
		t.Fatal(err)
	}
	if v.Range.Start != (model.Pos{Line: 3, Column: 21, Byte: 100}) || v.Range.End.Line != 8 {
		t.Errorf("document range %v-%v", v.Range.Start, v.Range.End)
	}
	st := v.Get("Statement").Elems[0]
	star := st.Get("Principal").Get("AWS")
	// Line 6 of the file (4th line of src), the "*" after {"AWS": .
	if star.Str != "*" || star.Range.Start.Line != 6 || star.Range.Start.Column != 46 || star.Range.End.Column != 49 {
		t.Errorf("\"*\" at %v-%v", star.Range.Start, star.Range.End)
	}
	name := st.GetAttr("Effect")
	if name.NameRange.Start.Column != 6 || name.NameRange.End.Column != 14 {
		t.Errorf("Effect key at %v-%v", name.NameRange.Start, name.NameRange.End)
	}
}

func TestParseErrors(t *testing.T) {
	for _, src := range []string{`{"a": [1, 2,]}`, `{"a": }`, `{"a": 1`, `[1] [2]`, `{1: 2}`, ``} {
		if _, err := Parse([]byte(src), "x.json", model.Pos{Line: 1, Column: 1}); err == nil {
			t.Errorf("Parse(%q) = nil error", src)
		}
	}
	deep := make([]byte, 0, 200)
	for i := 0; i < 100; i++ {
		deep = append(deep, '[')
	}
	if _, err := Parse(deep, "x.json", model.Pos{Line: 1, Column: 1}); err == nil {
		t.Error("no error for nesting beyond the limit")
	}
}

func FuzzParse(f *testing.F) {
	f.Add([]byte(`{"Version":"2012-10-17","Statement":[{"Effect":"Allow","Action":"sts:AssumeRole","Principal":{"Service":"ec2.amazonaws.com"}}]}`))
	f.Add([]byte(`{"Statement":{"Effect":"Deny","NotAction":["iam:*"],"Condition":{"Bool":{"aws:MultiFactorAuthPresent":"false"}}}}`))
	f.Add([]byte("[1, 2.5e3, true, null, \"\\u00e9\\n\"]"))
	f.Add([]byte(strings.Repeat("[", 2*model.MaxNesting) + strings.Repeat("]", 2*model.MaxNesting)))
	f.Add([]byte(`{"a":` + strings.Repeat(`{"a":`, model.MaxNesting) + "1" + strings.Repeat("}", model.MaxNesting+1)))
	f.Fuzz(func(t *testing.T, src []byte) {
		v, err := Parse(src, "f.json", model.Pos{Line: 1, Column: 1})
		if err != nil {
			return
		}
		v.Walk(func(x *model.Value) bool {
			if x.Range.Start.Byte > x.Range.End.Byte || x.Range.End.Byte > len(src) {
				t.Fatalf("bad range %v-%v for %d bytes", x.Range.Start, x.Range.End, len(src))
			}
			return true
		})
		model.PolicyFromValue(v)
	})
}

// A file read whole by file() may start with a byte order mark: it is
// skipped, and counts in byte offsets but not in columns.
func TestParseBOM(t *testing.T) {
	src := model.BOM + `{"Version": "2012-10-17"}`
	v, err := Parse([]byte(src), "p.json", model.Pos{Line: 1, Column: 1})
	if err != nil {
		t.Fatal(err)
	}
	if want := (model.Pos{Line: 1, Column: 1, Byte: 3}); v.Range.Start != want {
		t.Errorf("document starts at %+v, want %+v", v.Range.Start, want)
	}
	if got, want := v.GetAttr("Version").NameRange.Start, (model.Pos{Line: 1, Column: 2, Byte: 4}); got != want {
		t.Errorf("Version at %+v, want %+v", got, want)
	}
}

// A document is read to model.MaxNesting levels; past it the error is
// ErrTooDeep, at the place the limit is passed, in bounded time.
func TestDepth(t *testing.T) {
	nest := func(n int) []byte { return []byte(strings.Repeat("[", n) + strings.Repeat("]", n)) }
	if _, err := Parse(nest(model.MaxNesting+1), "f.json", model.Pos{Line: 1, Column: 1}); err != nil {
		t.Errorf("%d levels: %v", model.MaxNesting+1, err)
	}
	_, err := Parse(nest(100000), "f.json", model.Pos{Line: 1, Column: 1})
	var e *Error
	if !errors.Is(err, ErrTooDeep) || !errors.As(err, &e) || e.Pos.Column != model.MaxNesting+2 {
		t.Errorf("100,000 levels: %v, want ErrTooDeep at column %d", err, model.MaxNesting+2)
	}
	if _, err := Parse([]byte("[1,"), "f.json", model.Pos{Line: 1, Column: 1}); errors.Is(err, ErrTooDeep) {
		t.Errorf("a syntax error is ErrTooDeep")
	}
}
