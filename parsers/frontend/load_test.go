package frontend

import (
	"bytes"
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
)

// TestReadFile: the direct path and the os path agree on every kind of
// file a scan meets: empty, small, exactly at the cap, over it, missing,
// a directory, and (where there are FIFOs) a pipe, which is not regular.
func TestReadFile(t *testing.T) {
	dir := t.TempDir()
	write := func(name string, data []byte) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o600); err != nil {
			t.Fatal(err)
		}
		return p
	}
	big := bytes.Repeat([]byte("x"), 4096)
	cases := []struct {
		name    string
		path    string
		max     int64
		want    []byte
		tooBig  bool
		missing bool
		failure bool
	}{
		{name: "empty", path: write("empty.tf", nil), max: 10, want: []byte{}},
		{name: "small", path: write("small.tf", []byte("a = 1\n")), max: 10, want: []byte("a = 1\n")},
		{name: "at the cap", path: write("cap.tf", big), max: 4096, want: big},
		{name: "over the cap", path: write("over.tf", big), max: 4095, tooBig: true},
		{name: "missing", path: filepath.Join(dir, "nothere.tf"), max: 10, missing: true},
		{name: "directory", path: dir, max: 10, failure: true},
	}
	for _, c := range cases {
		for _, impl := range []struct {
			name string
			read func(string, int64) ([]byte, error)
		}{{"direct", readFile}, {"os", readFileOS}} {
			got, err := impl.read(c.path, c.max)
			switch {
			case c.tooBig:
				if !errors.As(err, new(TooLargeError)) {
					t.Errorf("%s/%s: err %v, want TooLargeError", c.name, impl.name, err)
				}
			case c.missing:
				var pe *fs.PathError
				if !errors.Is(err, fs.ErrNotExist) || !errors.As(err, &pe) || pe.Path != c.path {
					t.Errorf("%s/%s: err %v, want a *fs.PathError that is fs.ErrNotExist", c.name, impl.name, err)
				}
			case c.failure:
				if err == nil {
					t.Errorf("%s/%s: no error", c.name, impl.name)
				}
			default:
				if err != nil || !bytes.Equal(got, c.want) {
					t.Errorf("%s/%s: got %q, %v; want %q", c.name, impl.name, got, err, c.want)
				}
			}
		}
	}
}
