package cli

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestReadBaselineErrors: a file that is not a baseline is described in
// JSON's terms at the value that is wrong (baseline.txtar has the rest).
func TestReadBaselineErrors(t *testing.T) {
	for _, tc := range []struct{ src, want string }{
		{`{"version": "a\"b\\"}`, `--baseline b.json:1:13: not an iamlint baseline: version: want an integer, found a string`},
		{"{\n  \"version\": true}", `--baseline b.json:2:14: not an iamlint baseline: version: want an integer, found a boolean`},
		{`{"version": 1.5}`, `--baseline b.json:1:13: not an iamlint baseline: version: want an integer, found a number`},
		{`{"version": 1} {}`, `--baseline b.json:1:16: not an iamlint baseline: invalid JSON: invalid character '{' after top-level value`},
		{`{"version": 7, "findings": []}`, `--baseline b.json: unsupported version 7; this iamlint reads version 1 (write a new one with --write-baseline)`},
	} {
		path := filepath.Join(t.TempDir(), "b.json")
		if err := os.WriteFile(path, []byte(tc.src), 0o644); err != nil {
			t.Fatal(err)
		}
		_, err := readBaseline(path)
		want := strings.Replace(tc.want, "b.json", path, 1)
		if err == nil || err.Error() != want {
			t.Errorf("%s:\n got %v\nwant %s", tc.src, err, want)
		}
	}
}
