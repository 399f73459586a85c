package fix

import (
	"testing"
)

func TestClassifyLines(t *testing.T) {
	src := `resource "aws_instance" "a" {
  user_data = <<-EOT
    echo ${aws_iam_access_key.k.secret}
  EOT
  tags = {
    Name = "a"
    Key  = aws_iam_access_key.k.id # a comment
  }
  list = [
    { name = "A", value = "b" },
    {
      name = "B"
    },
  ]
  one = { a = 1, b = 2 }
}
`
	want := map[int]lineKind{
		1:  lineOther,   // the block header
		2:  lineBody,    // an attribute of the block
		3:  lineHeredoc, // a line of the script
		4:  lineOther,   // the closing marker
		5:  lineBody,
		6:  lineItem, // an entry of the map
		7:  lineItem, // with a comment
		8:  lineOther,
		9:  lineBody,
		10: lineItem,  // a one-line element of the list
		11: lineOther, // an element that goes on
		12: lineItem,
		13: lineOther,
		14: lineOther,
		15: lineBody,
		16: lineOther,
	}
	got := classifyLines([]byte(src))
	for line, kind := range want {
		if got[line].kind != kind {
			t.Errorf("line %d: kind %d, want %d", line, got[line].kind, kind)
		}
	}
}

func TestApplyLineEdits(t *testing.T) {
	src := []byte("a\nb\nc\nd\n")
	tests := []struct {
		name  string
		edits []Edit
		want  string
	}{
		{"delete one line", []Edit{{Start: 2, End: 4}}, "a\nc\nd\n"},
		{"the same deletion twice", []Edit{{Start: 2, End: 4}, {Start: 2, End: 4}}, "a\nc\nd\n"},
		{"overlapping deletions merge", []Edit{{Start: 2, End: 6}, {Start: 4, End: 8}}, "a\n"},
		{"an insertion before a deletion at the same place", []Edit{{Start: 2, End: 4}, {Start: 2, End: 2, New: "x\n"}}, "a\nx\nc\nd\n"},
		{"insertions keep their order", []Edit{{Start: 0, End: 0, New: "1\n"}, {Start: 0, End: 0, New: "2\n"}}, "1\n2\na\nb\nc\nd\n"},
	}
	for _, tt := range tests {
		if got := string(applyLineEdits(src, tt.edits)); got != tt.want {
			t.Errorf("%s: got %q, want %q", tt.name, got, tt.want)
		}
	}
}

func TestLineBounds(t *testing.T) {
	src := []byte("ab\ncd\nef")
	for _, tt := range []struct{ start, end, s, e int }{
		{0, 1, 0, 3}, {3, 4, 3, 6}, {4, 4, 3, 6}, {6, 7, 6, 8}, {3, 6, 3, 6},
	} {
		if s, e := lineBounds(src, tt.start, tt.end); s != tt.s || e != tt.e {
			t.Errorf("lineBounds(%d, %d) = %d, %d, want %d, %d", tt.start, tt.end, s, e, tt.s, tt.e)
		}
	}
}

// FuzzClassifyLines: any input is classified without a panic, and a line
// called an entry is balanced, so deleting it keeps the brackets even.
func FuzzClassifyLines(f *testing.F) {
	f.Add([]byte("a = { b = 1 }\n"))
	f.Add([]byte("x = <<EOT\n${a.b}\nEOT\n"))
	f.Add([]byte("l = [\n  { a = 1 },\n]\n"))
	f.Fuzz(func(t *testing.T, src []byte) {
		classifyLines(src)
	})
}

func TestNamesKeyPart(t *testing.T) {
	for line, want := range map[string]bool{
		`    AWS_ACCESS_KEY_ID     = module.mailer.access_key_id`: true,
		`  "aws-secret-access-key": var.x,`:                       true,
		`    aws_session_token = local.t`:                         true,
		`    AWS_REGION = "eu-west-1"`:                            false,
		`    access_key = var.k`:                                  false,
		`# AWS_ACCESS_KEY_ID = x`:                                 false,
	} {
		if got := namesKeyPart(line); got != want {
			t.Errorf("namesKeyPart(%q) = %v, want %v", line, got, want)
		}
	}
}
