package terraform

import (
	"bytes"
	"testing"
)

func TestMaskInterpolations(t *testing.T) {
	for _, tc := range []struct{ in, want string }{
		{`{"a": "${var.x}"}`, `{"a": "${_____}"}`},
		{`"${replace(var.url, "https://", "")}:sub"`, `"${________________________________}:sub"`},
		{`"$${aws:username}" "%%{x}"`, `"$${aws:username}" "%%{x}"`},
		{`"${ { a = 1 }["a"] }"`, `"${________________}"`},
		{"\"${f(\n1)}\"", "\"${__\n__}\""},
		{`"%{ if x }y%{ endif }"`, `"%{______}y%{_______}"`},
		{`"${unterminated`, `"${unterminated`},
		{`no interpolation`, `no interpolation`},
	} {
		if got := string(maskInterpolations([]byte(tc.in))); got != tc.want {
			t.Errorf("maskInterpolations(%q) = %q, want %q", tc.in, got, tc.want)
		}
	}
	if got := maskedPattern("arn:${_____}:iam::111122223333:root"); got != "arn:*:iam::111122223333:root" {
		t.Errorf("maskedPattern = %q", got)
	}
}

// FuzzMaskInterpolations: masking never panics, keeps the length and every
// newline, and changes nothing outside ${...} and %{...}.
func FuzzMaskInterpolations(f *testing.F) {
	for _, s := range []string{`{"a": "${var.x}"}`, `"${replace(v, "\"}", "")}"`, "$${x} %{\n}", "${", "\"${\"}"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		out := maskInterpolations(src)
		if len(out) != len(src) {
			t.Fatalf("length %d, want %d", len(out), len(src))
		}
		for i := range src {
			if (src[i] == '\n') != (out[i] == '\n') {
				t.Fatalf("newline moved at %d", i)
			}
			if out[i] != src[i] && out[i] != '_' {
				t.Fatalf("byte %d changed to %q", i, out[i])
			}
		}
		if !bytes.Contains(src, []byte("{")) && !bytes.Equal(out, src) {
			t.Fatalf("changed text without interpolations")
		}
	})
}
