package cli

import (
	"io"
	"os"
)

// useColor decides whether text output gets ANSI colors: only on a
// terminal, never with --no-color or NO_COLOR (https://no-color.org: any
// non-empty value), nor for TERM=dumb.
func useColor(w io.Writer, noColor bool, getenv func(string) string) bool {
	if noColor || getenv("NO_COLOR") != "" || getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(w)
}

// isTerminal reports whether w is a character device such as a terminal.
// It is a heuristic that needs no system calls of its own: /dev/null
// passes too, and colors there hurt nobody.
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	info, err := f.Stat()
	return err == nil && info.Mode()&os.ModeCharDevice != 0
}
