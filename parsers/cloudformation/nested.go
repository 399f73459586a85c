package cloudformation

import (
	"bytes"
	"path/filepath"
	"strings"
)

// nestedKeys are the properties whose local path names a nested template
// (nestedTypes), as their keys appear in YAML or JSON.
var nestedKeys = [][]byte{[]byte("TemplateURL"), []byte("Location")}

// NestedPaths finds, without parsing, the local templates a file may nest:
// the plain values of its TemplateURL and Location keys that are local
// paths, joined to the file's directory. It over-reads (a Location that is
// not a nested stack's only joins files that need not be), and sure is
// false when a value is written in a form it does not read (a folded
// scalar, a tag, an anchor): the caller must then build the file with
// every other template.
func NestedPaths(path string, src []byte) (paths []string, sure bool) {
	sure = true
	for _, key := range nestedKeys {
		for i := 0; ; {
			k := bytes.Index(src[i:], key)
			if k < 0 {
				break
			}
			at := i + k
			i = at + len(key)
			if at > 0 && isWordByte(src[at-1]) || i < len(src) && isWordByte(src[i]) {
				continue // part of a longer name
			}
			j := i
			if j < len(src) && (src[j] == '"' || src[j] == '\'') {
				j++ // a quoted key
			}
			for j < len(src) && (src[j] == ' ' || src[j] == '\t') {
				j++
			}
			if j >= len(src) || src[j] != ':' {
				continue // not a key
			}
			for j++; j < len(src) && (src[j] == ' ' || src[j] == '\t'); j++ {
			}
			value, ok := plainValue(src[j:])
			if !ok {
				sure = false
				continue
			}
			if isLocalPath(value) {
				paths = append(paths, filepath.Clean(filepath.Join(filepath.Dir(path), value)))
			}
		}
	}
	return paths, sure
}

// plainValue reads a scalar written plainly or in quotes, up to the end of
// its line (YAML) or its closing quote (JSON). A value on the next line (a
// mapping, as SAM's Location {ApplicationId, SemanticVersion}) or a
// collection or an intrinsic tag names no file; a folded or literal block,
// a standard tag (!!str), an anchor or an alias is not read: ok is false.
func plainValue(rest []byte) (string, bool) {
	if len(rest) == 0 || rest[0] == '\n' || rest[0] == '\r' || rest[0] == '#' {
		return "", true
	}
	switch rest[0] {
	case '"', '\'':
		end := bytes.IndexByte(rest[1:], rest[0])
		if end < 0 {
			return "", false
		}
		return string(rest[1 : 1+end]), true
	case '!':
		if len(rest) > 1 && rest[1] == '!' {
			return "", false // !!str ./x.yaml is a plain string to YAML
		}
		return "", true // an intrinsic (!Sub, !Join): never a nested path
	case '>', '|', '&', '*':
		return "", false
	case '{', '[':
		return "", true // a collection: no path
	}
	end := bytes.IndexAny(rest, "\r\n,}")
	if end < 0 {
		end = len(rest)
	}
	v := string(rest[:end])
	if i := strings.Index(v, " #"); i >= 0 {
		v = v[:i]
	}
	return strings.TrimSpace(v), true
}

func isWordByte(c byte) bool {
	return c == '_' || c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}
