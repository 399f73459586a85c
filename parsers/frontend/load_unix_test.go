//go:build unix

package frontend

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
)

// TestReadFilePipe: a file that is not regular has no size to trust; it
// is read to its end, and refused past the cap.
func TestReadFilePipe(t *testing.T) {
	for _, c := range []struct {
		data   string
		max    int64
		tooBig bool
	}{{data: "b = 2\n", max: 100}, {data: strings.Repeat("y", 2000), max: 4000}, {data: strings.Repeat("z", 2000), max: 1999, tooBig: true}} {
		fifo := filepath.Join(t.TempDir(), "pipe.tf")
		if err := syscall.Mkfifo(fifo, 0o600); err != nil {
			t.Skip("no FIFOs here:", err)
		}
		go func() {
			if w, err := os.OpenFile(fifo, os.O_WRONLY, 0); err == nil {
				_, _ = w.WriteString(c.data)
				_ = w.Close()
			}
		}()
		got, err := ReadFile(fifo, c.max)
		switch {
		case c.tooBig && !errors.As(err, new(TooLargeError)):
			t.Errorf("%d bytes, cap %d: err %v, want TooLargeError", len(c.data), c.max, err)
		case !c.tooBig && (err != nil || string(got) != c.data):
			t.Errorf("%d bytes: got %d bytes, %v", len(c.data), len(got), err)
		}
	}
}
