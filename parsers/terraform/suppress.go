package terraform

import (
	"bytes"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iamlint/iamlint/parsers/model"
)

// directive is the word that starts an inline suppression comment.
const directive = "iamlint:ignore"

// suppressions finds the "# iamlint:ignore ..." and "// iamlint:ignore ..."
// comments of a native syntax file and the block, attribute or object
// element each one annotates: the item that starts on the line after an
// own-line comment, or the item on whose line a trailing comment sits.
//
// Most files have none, so the file is lexed only when its bytes mention
// the directive. JSON has no comments and gets none.
func suppressions(path string, src []byte, body hcl.Body, lines model.LineIndex) []model.Suppression {
	if !bytes.Contains(src, []byte(directive)) {
		return nil
	}
	nb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	items := bodyItems(nb)
	var out []model.Suppression
	for i, t := range toks {
		if t.Type != hclsyntax.TokenComment {
			continue
		}
		text, ok := directiveText(t.Bytes)
		if !ok {
			continue
		}
		s := model.Suppression{Text: text, Range: hclRange(lines, path, trimComment(t))}
		var scope hcl.Range
		if ownLine(src, t.Range.Start.Byte) {
			scope = itemAfter(toks[i+1:], items)
		} else {
			scope = itemOnLine(items, t.Range.Start)
		}
		if scope.End.Byte > 0 {
			s.Scope = hclRange(lines, path, scope)
		}
		out = append(out, s)
	}
	return out
}

// directiveText returns what follows the directive in a line comment, or
// false when the comment is not a directive. Block comments are not.
func directiveText(comment []byte) (string, bool) {
	c := string(comment)
	switch {
	case strings.HasPrefix(c, "#"):
		c = c[1:]
	case strings.HasPrefix(c, "//"):
		c = c[2:]
	default:
		return "", false
	}
	c = strings.TrimLeft(c, " \t")
	rest, ok := strings.CutPrefix(c, directive)
	if !ok || (rest != "" && !strings.ContainsAny(rest[:1], " \t\r\n")) {
		return "", false
	}
	return strings.TrimSpace(rest), true
}

// trimComment is the comment's range without the line ending HCL includes
// in a line comment token.
func trimComment(t hclsyntax.Token) hcl.Range {
	r := t.Range
	n := len(bytes.TrimRight(t.Bytes, "\r\n"))
	r.End = hcl.Pos{Line: r.Start.Line, Column: r.Start.Column + n, Byte: r.Start.Byte + n}
	return r
}

// ownLine reports whether only blanks precede offset off on its line.
func ownLine(src []byte, off int) bool {
	for i := off - 1; i >= 0 && src[i] != '\n'; i-- {
		if src[i] != ' ' && src[i] != '\t' {
			return false
		}
	}
	return true
}

// bodyItems lists what a directive can annotate: attributes, blocks and
// the elements of object constructors, anywhere in the body.
func bodyItems(body *hclsyntax.Body) []hcl.Range {
	var items []hcl.Range
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.Attribute:
			items = append(items, n.SrcRange)
		case *hclsyntax.Block:
			items = append(items, n.Range())
		case *hclsyntax.ObjectConsExpr:
			for _, it := range n.Items {
				items = append(items, hcl.RangeBetween(it.KeyExpr.Range(), it.ValueExpr.Range()))
			}
		}
		return nil
	})
	return items
}

// itemAfter is the outermost item that starts at the first token after an
// own-line directive. Other comments (further directives) may come between;
// a blank line may not.
func itemAfter(toks hclsyntax.Tokens, items []hcl.Range) hcl.Range {
	for _, t := range toks {
		switch t.Type {
		case hclsyntax.TokenComment:
			continue
		case hclsyntax.TokenNewline, hclsyntax.TokenEOF:
			// A line comment token ends with its newline, so a newline
			// token here is a blank line.
			return hcl.Range{}
		}
		return outermost(items, func(r hcl.Range) bool { return r.Start.Byte == t.Range.Start.Byte })
	}
	return hcl.Range{}
}

// itemOnLine is the outermost item that starts before a trailing directive
// on its line, else the innermost item that ends on that line before it:
// `}) # iamlint:ignore` after a multi-line attribute.
func itemOnLine(items []hcl.Range, at hcl.Pos) hcl.Range {
	if r := outermost(items, func(r hcl.Range) bool {
		return r.Start.Line == at.Line && r.Start.Byte < at.Byte
	}); r.End.Byte > 0 {
		return r
	}
	var best hcl.Range
	for _, r := range items {
		if r.End.Line == at.Line && r.End.Byte <= at.Byte && (best.End.Byte == 0 || width(r) < width(best)) {
			best = r
		}
	}
	return best
}

func outermost(items []hcl.Range, match func(hcl.Range) bool) hcl.Range {
	var best hcl.Range
	for _, r := range items {
		if match(r) && (best.End.Byte == 0 || r.Start.Byte < best.Start.Byte ||
			(r.Start.Byte == best.Start.Byte && width(r) > width(best))) {
			best = r
		}
	}
	return best
}

func width(r hcl.Range) int { return r.End.Byte - r.Start.Byte }
