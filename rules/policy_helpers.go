package rules

import (
	"iter"
	"regexp"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// attachedPolicy is a policy of a resource, with where it is.
type attachedPolicy struct {
	mod      *model.Module
	owner    *model.Resource
	attached *model.AttachedPolicy
}

// allowsAction reports whether a statement certainly allows action: its
// effect is Allow and a known Action pattern matches it, or NotAction is
// all known and none matches.
func allowsAction(s *model.Statement, action string) (model.Element, bool) {
	if !s.Allows() {
		return model.Element{}, false
	}
	for _, a := range s.Actions {
		if a.Known && model.MatchAction(a.Value, action) {
			return a, true
		}
	}
	if len(s.NotActions) > 0 && len(s.Actions) == 0 {
		for _, a := range s.NotActions {
			if !a.Known || model.MatchAction(a.Value, action) {
				return model.Element{}, false
			}
		}
		return model.Element{Value: "NotAction", Known: true, Range: s.NotActions[0].Range}, true
	}
	return model.Element{}, false
}

// assumeActions are the actions by which a trust policy lets a principal in.
var assumeActions = []string{"sts:AssumeRole", "sts:AssumeRoleWithWebIdentity", "sts:AssumeRoleWithSAML"}

// unguardedTrust yields the statements of trust policies that certainly
// let someone assume a role through one of actions and certainly have none
// of the guard condition keys: what IAM301-IAM303 look at.
func (p *Pass) unguardedTrust(actions []string, guards ...string) iter.Seq2[attachedPolicy, *model.Statement] {
	return func(yield func(attachedPolicy, *model.Statement) bool) {
		for ap := range p.Policies(model.TrustPolicy) {
			for _, s := range ap.attached.Policy.Statements {
				if !allowsAny(s, actions) {
					continue
				}
				// Without guards the caller judges the conditions itself
				// (IAM303: which one scopes the token depends on the issuer).
				if has, certain := hasProtectingCondition(s, guards); len(guards) > 0 && (has || !certain) {
					continue
				}
				if !yield(ap, s) {
					return
				}
			}
		}
	}
}

func allowsAny(s *model.Statement, actions []string) bool {
	for _, a := range actions {
		if _, ok := allowsAction(s, a); ok {
			return true
		}
	}
	return false
}

// accountPattern finds the account of an ARN or a bare 12-digit account ID.
var accountPattern = regexp.MustCompile(`^(?:arn:aws[a-z-]*:[a-z0-9-]+:[a-z0-9-]*:(\d{12}):.*|(\d{12}))$`)

// hasProtectingCondition is Statement.HasConditionKey for guards, except
// that a condition on a guard key that cannot protect anything counts as
// none: an empty sts:ExternalId, aws:MultiFactorAuthPresent "false", a Like
// pattern of only "*".
func hasProtectingCondition(s *model.Statement, guards []string) (has, certain bool) {
	certain = !s.ConditionsUnknown
	for _, c := range s.Conditions {
		if !c.Known {
			certain = false
			continue
		}
		if slices.ContainsFunc(guards, func(g string) bool { return strings.EqualFold(c.Key, g) }) && !cannotProtect(c) {
			return true, true
		}
	}
	return false, certain
}

// cannotProtect reports whether a condition certainly admits every caller
// it is meant to screen: every value is known and is nothing a caller
// must prove. A value of "*" with a Like operator matches any value; an
// empty external ID is what a caller sends by omitting it; MFA "false"
// lets in exactly the callers without MFA.
func cannotProtect(c model.Condition) bool {
	if len(c.Values) == 0 {
		return false
	}
	op := strings.ToLower(c.Operator)
	op = strings.TrimPrefix(strings.TrimPrefix(op, "forallvalues:"), "foranyvalue:")
	op = strings.TrimSuffix(op, "ifexists")
	if op == "null" {
		return false
	}
	like := strings.Contains(op, "like")
	for _, v := range c.Values {
		switch {
		case !v.Known:
			return false
		case like && strings.Trim(v.Value, "*") == "":
		case strings.EqualFold(c.Key, "sts:ExternalId") && strings.TrimSpace(v.Value) == "":
		case strings.EqualFold(c.Key, "aws:MultiFactorAuthPresent") && strings.EqualFold(v.Value, "false") &&
			(op == "bool" || strings.HasPrefix(op, "stringequals")):
		default:
			return false
		}
	}
	return true
}

// elementAccount returns the account an AWS principal names: a known
// account ID or ARN, or the pattern of a partly known one whose account is
// written out (arn:${AWS::Partition}:iam::111122223333:root, CDK's
// Fn::Join with AWS::Partition, a Terraform template with the partition).
func elementAccount(e model.Element) (string, bool) {
	if e.Known {
		return accountOf(e.Value)
	}
	return accountOfPattern(e.Pattern)
}

// accountOfPattern reads the account field of an ARN pattern, where "*"
// stands for what is unknown. Only a literal 12-digit account counts: the
// partition, service or region may be unknown, the account may not.
func accountOfPattern(pattern string) (string, bool) {
	fields := strings.SplitN(pattern, ":", 6)
	if len(fields) < 6 || fields[0] != "arn" || !accountIDPattern.MatchString(fields[4]) {
		return "", false
	}
	return fields[4], true
}

var accountIDPattern = regexp.MustCompile(`^\d{12}$`)

// accountOf returns the account ID an AWS principal names, if literal.
func accountOf(s string) (string, bool) {
	m := accountPattern.FindStringSubmatch(s)
	if m == nil {
		return "", false
	}
	if m[1] != "" {
		return m[1], true
	}
	return m[2], true
}

// ownAccountSet holds the accounts each scope's code belongs to (see
// moduleScopes), and those the user lists as trusted everywhere.
type ownAccountSet struct {
	scopes  map[*model.Module][]int
	byScope map[int]map[string]bool
	trusted map[string]bool
}

// has reports whether account is one of the code's own, as seen from
// module m: trusted, or inferred in one of m's scopes.
func (o ownAccountSet) has(m *model.Module, account string) bool {
	if o.trusted[account] {
		return true
	}
	for _, id := range o.scopes[m] {
		if o.byScope[id][account] {
			return true
		}
	}
	return false
}

// ownAccounts are the accounts the scanned code belongs to, as far as the
// code says: the provider's allowed_account_ids and assumed roles, the
// accounts of resources its policies grant on, and those the user lists as
// trusted. All but the last are inferred per scope: they say which
// account one deployment works in, not which the others do.
func ownAccounts(p *Pass, trusted []string) ownAccountSet {
	own := ownAccountSet{scopes: moduleScopes(p.Project), byScope: map[int]map[string]bool{}, trusted: map[string]bool{}}
	for _, id := range trusted {
		own.trusted[id] = true
	}
	add := func(m *model.Module, id string) {
		for _, s := range own.scopes[m] {
			if own.byScope[s] == nil {
				own.byScope[s] = map[string]bool{}
			}
			own.byScope[s][id] = true
		}
	}
	addARN := func(m *model.Module, v *model.Value) {
		v.Walk(func(x *model.Value) bool {
			if s, ok := x.AsString(); ok {
				if id, ok := accountOf(s); ok {
					add(m, id)
				}
			}
			return true
		})
	}
	for m, r := range p.Settings() {
		if r.Mode == model.Provider && r.Type == "aws" {
			addARN(m, r.Attr("allowed_account_ids"))
			addARN(m, r.Attr("assume_role"))
		}
	}
	for ap := range p.policies(model.IdentityPolicy, true) {
		for _, s := range ap.attached.Policy.Statements {
			for _, e := range s.Resources {
				if e.Known && strings.HasPrefix(e.Value, "arn:") {
					if id, ok := accountOf(e.Value); ok {
						add(ap.mod, id)
					}
				}
			}
		}
	}
	return own
}

// showHoles writes a pattern for a message, each part known only when
// applied as ${...}, so that a written "*" stands out.
func showHoles(pattern string, holes []int) string {
	var b strings.Builder
	for i := 0; i < len(pattern); i++ {
		if slices.Contains(holes, i) {
			b.WriteString("${...}")
		} else {
			b.WriteByte(pattern[i])
		}
	}
	return b.String()
}
