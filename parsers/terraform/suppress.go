package terraform

import (
	"bytes"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"

	"github.com/iamlint/iamlint/parsers/internal/suppression"
	"github.com/iamlint/iamlint/parsers/model"
)

// directive is the word that starts an inline suppression comment; the
// sketch looks for it too.
const directive = suppression.Word

// markers start the comments that can be directives: line comments.
// Block comments are not.
var markers = []string{"#", "//"}

// suppressions finds the "# iamlint:ignore ..." and "// iamlint:ignore ..."
// comments of a native syntax file and the block, attribute or object
// element each one annotates: the item that starts at the first token after
// an own-line comment (other comments may come between, a blank line may
// not), or the item on whose line a trailing comment sits.
//
// Most files have none, so the file is lexed only when its bytes mention
// the directive. JSON has no comments and gets none.
//
// src is what HCL parsed; the directive's text is taken from raw, the file
// as read (they differ only in a blanked byte order mark and replaced
// invalid UTF-8, at the same offsets).
func suppressions(path string, raw, src []byte, body hcl.Body, lines model.LineIndex) []model.Suppression {
	if !suppression.Mentioned(src) {
		return nil
	}
	nb, ok := body.(*hclsyntax.Body)
	if !ok {
		return nil
	}
	toks, _ := hclsyntax.LexConfig(src, path, hcl.InitialPos)
	var comments []suppression.Span
	ends := map[int]int{} // where each comment token ends, line ending included
	for _, t := range toks {
		if t.Type == hclsyntax.TokenComment {
			// A line comment token ends with its line ending; the
			// directive's range does not.
			n := len(bytes.TrimRight(t.Bytes, "\r\n"))
			comments = append(comments, suppression.Span{Start: t.Range.Start.Byte, End: t.Range.Start.Byte + n})
			ends[t.Range.Start.Byte] = t.Range.End.Byte
		}
	}
	items := bodyItems(nb)
	comment := func(off int) int {
		if end, ok := ends[off]; ok {
			return end
		}
		return off
	}
	return suppression.Find(path, raw, lines, comments, markers, func(c suppression.Span) suppression.Span {
		if suppression.OwnLine(src, c.Start) {
			at, ok := suppression.Next(src, c, comment)
			if !ok {
				return suppression.Span{}
			}
			return suppression.Outermost(items, func(it suppression.Span) bool { return it.Start == at })
		}
		return itemOnLine(src, items, c.Start)
	})
}

// bodyItems lists what a directive can annotate: attributes, blocks and
// the elements of object constructors, anywhere in the body.
func bodyItems(body *hclsyntax.Body) []suppression.Span {
	var items []suppression.Span
	add := func(r hcl.Range) { items = append(items, suppression.Span{Start: r.Start.Byte, End: r.End.Byte}) }
	_ = hclsyntax.VisitAll(body, func(n hclsyntax.Node) hcl.Diagnostics {
		switch n := n.(type) {
		case *hclsyntax.Attribute:
			add(n.SrcRange)
		case *hclsyntax.Block:
			add(n.Range())
		case *hclsyntax.ObjectConsExpr:
			for _, it := range n.Items {
				add(hcl.RangeBetween(it.KeyExpr.Range(), it.ValueExpr.Range()))
			}
		}
		return nil
	})
	return items
}

// itemOnLine is the outermost item that starts before a trailing directive
// at offset at on its line, else the innermost item that ends on that line
// before it: `}) # iamlint:ignore` after a multi-line attribute.
func itemOnLine(src []byte, items []suppression.Span, at int) suppression.Span {
	line := suppression.Line(src, at)
	if it := suppression.Outermost(items, func(it suppression.Span) bool {
		return it.Start >= line.Start && it.Start < at
	}); it.End > 0 {
		return it
	}
	return suppression.Innermost(items, func(it suppression.Span) bool {
		return it.End >= line.Start && it.End <= at
	})
}
