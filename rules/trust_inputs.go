package rules

import (
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// A reusable trust module (a role whose trusted principals are a variable)
// says nothing by itself: the accounts are what its callers pass. IAM301
// and IAM302 read a principal written as a variable (identifiers =
// var.principal_arns, [var.account], "arn:aws:iam::${var.account_id}:root")
// through the module blocks of the scan that call the module.

// maxCallerDepth bounds how many module levels a principal is followed up.
const maxCallerDepth = 4

// principalsOf returns what a principal of module m stands for: itself
// when it is known or cannot be followed, else one principal per string
// its callers pass, each with Via naming the module block that passed it.
func principalsOf(callers map[*model.Module][]moduleCaller, m *model.Module, pr model.Principal) []resolvedPrincipal {
	if pr.Known {
		return []resolvedPrincipal{{Principal: pr}}
	}
	var out []resolvedPrincipal
	for _, s := range passedStrings(callers, m, pr.Element, 0) {
		el := pr.Element
		el.Value, el.Known, el.Pattern = s.value, true, ""
		out = append(out, resolvedPrincipal{Principal: model.Principal{Type: pr.Type, Element: el}, via: s.via})
	}
	if len(out) == 0 {
		return []resolvedPrincipal{{Principal: pr}}
	}
	return out
}

// resolvedPrincipal is a principal, and the module block whose argument
// gave its value ("" when it was written where it stands).
type resolvedPrincipal struct {
	model.Principal
	via string
}

type passedString struct{ value, via string }

// passedStrings follows an unknown element that reads exactly one variable
// of m, either whole (var.x) or in a template with one gap
// ("arn:aws:iam::${var.account_id}:root"), to the strings the callers of m
// pass for it.
func passedStrings(callers map[*model.Module][]moduleCaller, m *model.Module, e model.Element, depth int) []passedString {
	if depth >= maxCallerDepth || len(e.Refs) != 1 || e.Refs[0].Kind != model.RefVariable || e.Refs[0].Attr != "" {
		return nil
	}
	name := e.Refs[0].Name
	template := e.Pattern
	if template != "" && strings.Count(template, "*") != 1 {
		return nil
	}
	var out []passedString
	for _, c := range callers[m] {
		arg := c.call.Attr(name)
		if arg == nil {
			continue
		}
		var values []*model.Value
		switch {
		case arg.Kind == model.List && template == "":
			values = arg.Elems
		default:
			values = []*model.Value{arg}
		}
		for _, v := range values {
			inner := model.PolicyElement(v)
			var strs []passedString
			if inner.Known {
				strs = []passedString{{value: inner.Value, via: c.call.Address}}
			} else {
				// The caller passes its own variable on: follow it up.
				strs = passedStrings(callers, c.mod, inner, depth+1)
			}
			for _, s := range strs {
				if template != "" {
					s.value = strings.Replace(template, "*", s.value, 1)
				}
				out = append(out, s)
			}
		}
	}
	return out
}
