package yamlerr

import (
	"fmt"
	"testing"

	"go.yaml.in/yaml/v3"
)

// TestLocate: the offset of each problem, as line:col (1-based, bytes),
// whatever line yaml.v3 names and whatever ends the lines.
func TestLocate(t *testing.T) {
	tests := []struct {
		src  string
		base int
		want string
	}{
		{"a:\n  b: 1\n\tc: 2\n", 0, "3:1"},                         // tab in the indentation
		{"a:\n  b: 1\n  c: x\n   d: 1\n", 0, "4:5"},                // a line continuing a plain scalar: its colon
		{"a:\r\n  b: 1\r\n   c: 1\r\n", 0, "3:5"},                  // CR LF line ends: the colon
		{"a: 1\rb: @\r", 0, "2:4"},                                 // CR line ends, a reserved character
		{"\xef\xbb\xbfa: b: c\n", 3, "1:5"},                        // after a byte order mark, yaml.v3 names no line
		{"a: [1, 2\nb: 3\n", 0, "1:4"},                             // a flow sequence left open: its bracket
		{"a:\n  - 1\n  - 2\n  b: 3\n", 0, "4:3"},                   // a key after a sequence's items
		{"k: v\nl: \"unterminated\nm: 1\n", 0, "2:4"},              // an unterminated string: its quote
		{"x: 1\n" + "y:\n" + "  z: [\n" + "  w: 1: 2\n", 0, "4:3"}, // the entry where the sequence went wrong
	}
	for _, tt := range tests {
		var n yaml.Node
		err := yaml.Unmarshal([]byte(tt.src[tt.base:]), &n)
		if err == nil {
			t.Fatalf("%q parses", tt.src)
		}
		msg, off := Locate([]byte(tt.src), tt.base, err)
		lines := Lines([]byte(tt.src), tt.base)
		k := 0
		for k+1 < len(lines) && lines[k+1] <= off {
			k++
		}
		if got := fmt.Sprintf("%d:%d", k+1, off-lines[k]+1); got != tt.want {
			t.Errorf("%q: %s at %s, want %s (yaml.v3: %v)", tt.src, msg, got, tt.want, err)
		}
	}
}
