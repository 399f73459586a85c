package cli

import (
	"bytes"
	"io"
	"os"
	"path/filepath"
	"testing"
)

func TestUseColor(t *testing.T) {
	env := func(vars map[string]string) func(string) string {
		return func(k string) string { return vars[k] }
	}
	regular, err := os.Create(filepath.Join(t.TempDir(), "out"))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = regular.Close() })
	// /dev/null is a character device, like a terminal: the stand-in
	// for one here.
	tty, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		t.Skip(err)
	}
	t.Cleanup(func() { _ = tty.Close() })
	for _, tc := range []struct {
		name    string
		w       io.Writer
		noColor bool
		env     map[string]string
		want    bool
	}{
		{"terminal", tty, false, nil, true},
		{"--no-color", tty, true, nil, false},
		{"NO_COLOR", tty, false, map[string]string{"NO_COLOR": "1"}, false},
		{"NO_COLOR empty", tty, false, map[string]string{"NO_COLOR": ""}, true},
		{"TERM=dumb", tty, false, map[string]string{"TERM": "dumb"}, false},
		{"file", regular, false, nil, false},
		{"buffer", &bytes.Buffer{}, false, nil, false},
	} {
		if got := useColor(tc.w, tc.noColor, env(tc.env)); got != tc.want {
			t.Errorf("%s: useColor = %v, want %v", tc.name, got, tc.want)
		}
	}
}
