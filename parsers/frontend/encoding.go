package frontend

import (
	"unicode/utf8"

	"github.com/iamlint/iamlint/parsers/model"
)

// Replacement is the byte each invalid UTF-8 byte is read as. It is one
// byte, so every offset stays true to the file, and it means nothing in any
// syntax iamlint reads (a '?' or '.' would in YAML).
const Replacement = '_'

// ReadableUTF8 returns src as a parser can read it: src itself when it is
// valid UTF-8 (the usual case, one fast pass), else a copy with each invalid
// byte replaced by Replacement, with the offset of the first invalid byte
// (-1 when there is none).
//
// Every front-end treats a file that is not UTF-8 the same way: one error at
// the first invalid byte (EncodingError), and the rest of the file read and
// checked, rather than the whole file rejected or the mistake ignored.
func ReadableUTF8(src []byte) (text []byte, bad int) {
	if utf8.Valid(src) {
		return src, -1
	}
	text = make([]byte, 0, len(src))
	bad = -1
	for i := 0; i < len(src); {
		r, w := utf8.DecodeRune(src[i:])
		if r == utf8.RuneError && w == 1 {
			if bad < 0 {
				bad = i
			}
			text = append(text, Replacement)
		} else {
			text = append(text, src[i:i+w]...)
		}
		i += w
	}
	return text, bad
}

// EncodingError is the diagnostic of a file whose first invalid UTF-8 byte
// is at offset bad; language names the tool that would reject the file.
func EncodingError(path string, lines model.LineIndex, bad int, language string) model.Diagnostic {
	p := lines.Pos(bad)
	end := lines.Pos(bad + 1)
	return model.Diagnostic{
		Severity: model.Error,
		Summary:  "the file is not valid UTF-8",
		Detail: language + " rejects a file that is not UTF-8. iamlint read each invalid byte as \"" + string(Replacement) +
			"\" and checked the rest. Save the file as UTF-8.",
		Range: model.Range{File: path, Start: p, End: end},
	}
}
