package model

import (
	"strconv"
	"strings"
)

// Policy is an IAM policy document, normalized from whatever syntax it was
// written in: jsonencode(), a JSON string or heredoc, a file, a
// data "aws_iam_policy_document", a CloudFormation map. Every element keeps
// its range; an element whose value is not known is marked so, and rules
// never fire on it.
type Policy struct {
	Range      Range
	Statements []*Statement
}

// PolicyKind says what a policy governs.
type PolicyKind int

const (
	IdentityPolicy PolicyKind = iota // attached to a user, group or role
	TrustPolicy                      // who may assume a role
	ResourcePolicy                   // on a bucket, queue, key...
)

// AttachedPolicy is a policy document found in a resource's attribute.
type AttachedPolicy struct {
	Kind   PolicyKind
	Attr   string // assume_role_policy, policy, AssumeRolePolicyDocument
	Policy *Policy
}

// Statement is one statement. Effect is "Allow" or "Deny" when known.
type Statement struct {
	Range         Range
	Effect        Element
	Principals    []Principal
	NotPrincipals []Principal
	Actions       []Element
	NotActions    []Element
	Resources     []Element
	NotResources  []Element
	Conditions    []Condition
	// Unknown is set when part of the statement could not be read (a
	// dynamic block over an unknown collection, a principal map built by a
	// function): what is listed is certain, but more may exist.
	Unknown bool
	// ConditionsUnknown is set when the conditions could not all be read:
	// a condition that scopes the statement may exist unseen.
	ConditionsUnknown bool
}

// Element is one string of a policy: an action, a resource, an identifier.
type Element struct {
	Value string
	Known bool
	Range Range
	Refs  []Ref // what an unknown element reads
	// Pattern is the known text of an unknown element, "*" for the rest:
	// arn:aws:iam::*:oidc-provider/token.actions.githubusercontent.com.
	Pattern string
	Holes   []int // offsets in Pattern of the "*" that stand for unknown parts (Value.Holes)
}

// Principal is one identifier of a principal type: AWS, Service,
// Federated, CanonicalUser, or "*" for the bare wildcard principal.
type Principal struct {
	Type string
	Element
}

// Condition is one key of a condition block: operator -> key -> values.
type Condition struct {
	Operator string // StringEquals, StringLike, ...
	Key      string // sts:ExternalId, token.actions.githubusercontent.com:sub
	// KeyPattern is what is known of a key written as a template, "*" for
	// the rest ("${module.eks.oidc_provider}:sub" gives "*:sub"), when Key
	// is not known.
	KeyPattern string
	Values     []Element
	Range      Range
	Known      bool // operator and key are known
}

// Allows reports whether the statement's effect is known to be Allow.
func (s *Statement) Allows() bool {
	return s.Effect.Known && strings.EqualFold(s.Effect.Value, "Allow")
}

// HasConditionKey reports whether the statement has a condition on one of
// keys (case-insensitive, as IAM compares condition keys), and whether the
// answer is certain: an unknown condition key might be any of them.
func (s *Statement) HasConditionKey(keys ...string) (has, certain bool) {
	certain = true
	for _, c := range s.Conditions {
		if !c.Known {
			certain = false
			continue
		}
		for _, k := range keys {
			if strings.EqualFold(c.Key, k) {
				return true, true
			}
		}
	}
	return false, certain && !s.ConditionsUnknown
}

// MatchAction reports whether an action pattern of a policy (with IAM's *
// and ? wildcards, case-insensitive) matches a concrete action.
func MatchAction(pattern, action string) bool {
	return wildcardMatch(strings.ToLower(pattern), strings.ToLower(action))
}

// wildcardMatch matches * (any run) and ? (any one character).
func wildcardMatch(p, s string) bool {
	star, mark := -1, 0
	i, j := 0, 0
	for j < len(s) {
		switch {
		case i < len(p) && (p[i] == '?' || p[i] == s[j]):
			i++
			j++
		case i < len(p) && p[i] == '*':
			star, mark = i, j
			i++
		case star >= 0:
			i = star + 1
			mark++
			j = mark
		default:
			return false
		}
	}
	for i < len(p) && p[i] == '*' {
		i++
	}
	return i == len(p)
}

// PolicyFromValue reads a policy document written as a JSON-shaped value:
// the argument of jsonencode(), a parsed JSON string, a CloudFormation map.
// It returns nil when v is not an object with a Statement.
func PolicyFromValue(v *Value) *Policy {
	if v == nil || v.Kind != Object {
		return nil
	}
	stmts := getFold(v, "Statement")
	if stmts == nil {
		return nil
	}
	p := &Policy{Range: v.Range}
	var list []*Value
	switch stmts.Kind {
	case List:
		list = stmts.Elems
	case Object:
		list = []*Value{stmts} // a single statement may be written bare
	default:
		p.Statements = append(p.Statements, &Statement{Range: stmts.Range, Unknown: true})
		return p
	}
	for _, sv := range list {
		p.Statements = append(p.Statements, statementFromValue(sv))
	}
	return p
}

func statementFromValue(v *Value) *Statement {
	s := &Statement{Range: v.Range}
	if v.Kind != Object {
		s.Unknown = true
		return s
	}
	if e := getFold(v, "Effect"); e != nil {
		s.Effect = PolicyElement(e)
	}
	s.Actions = PolicyElements(getFold(v, "Action"), &s.Unknown)
	s.NotActions = PolicyElements(getFold(v, "NotAction"), &s.Unknown)
	s.Resources = PolicyElements(getFold(v, "Resource"), &s.Unknown)
	s.NotResources = PolicyElements(getFold(v, "NotResource"), &s.Unknown)
	s.Principals = principals(getFold(v, "Principal"), &s.Unknown)
	s.NotPrincipals = principals(getFold(v, "NotPrincipal"), &s.Unknown)
	if c := getFold(v, "Condition"); c != nil {
		s.Conditions = conditions(c, &s.ConditionsUnknown)
	}
	return s
}

// getFold finds a member by name the way IAM reads policy keys.
func getFold(v *Value, name string) *Value {
	for _, a := range v.Attrs {
		if strings.EqualFold(a.Name, name) {
			return a.Value
		}
	}
	return nil
}

// PolicyElement reads one element of a policy: known when v is a known
// string, else unknown with what it reads. IAM reads a number or a boolean
// as its text: an account written bare (AWS: 123456789012 in YAML), a
// condition value true or false.
func PolicyElement(v *Value) Element {
	if s, ok := v.AsString(); ok {
		return Element{Value: s, Known: true, Range: v.Range}
	}
	if v != nil && v.Kind == Number && v.Str != "" {
		return Element{Value: v.Str, Known: true, Range: v.Range}
	}
	if v != nil && v.Kind == Bool {
		return Element{Value: strconv.FormatBool(v.Bool), Known: true, Range: v.Range}
	}
	return Element{Range: v.Range, Refs: v.AllRefs(), Pattern: v.Pattern, Holes: v.Holes}
}

// elements reads a string or a list of strings; anything else marks the
// statement as partly unknown.
func PolicyElements(v *Value, unknown *bool) []Element {
	switch {
	case v == nil:
		return nil
	case v.Kind == List:
		out := make([]Element, 0, len(v.Elems))
		for _, e := range v.Elems {
			out = append(out, PolicyElement(e))
		}
		return out
	case v.Kind == String, v.Kind == Number, v.Kind == Bool:
		return []Element{PolicyElement(v)}
	}
	*unknown = true
	return []Element{PolicyElement(v)}
}

func principals(v *Value, unknown *bool) []Principal {
	if v == nil {
		return nil
	}
	if s, ok := v.AsString(); ok {
		return []Principal{{Type: "*", Element: Element{Value: s, Known: true, Range: v.Range}}}
	}
	if v.Kind != Object {
		*unknown = true
		return nil
	}
	var out []Principal
	for _, a := range v.Attrs {
		for _, e := range PolicyElements(a.Value, unknown) {
			out = append(out, Principal{Type: a.Name, Element: e})
		}
	}
	return out
}

func conditions(v *Value, unknown *bool) []Condition {
	if v.Kind != Object {
		*unknown = true
		return nil
	}
	var out []Condition
	for _, op := range v.Attrs {
		if op.Value.Kind != Object {
			*unknown = true
			continue
		}
		for _, k := range op.Value.Attrs {
			out = append(out, Condition{
				Operator:   op.Name,
				Key:        k.Name,
				KeyPattern: k.NamePattern,
				Values:     PolicyElements(k.Value, unknown),
				Range:      k.NameRange,
				Known:      op.Name != "" && k.Name != "",
			})
		}
	}
	return out
}
