package rules

import (
	"iter"
	"regexp"
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
				if has, certain := s.HasConditionKey(guards...); has || !certain {
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

// ownAccounts are the accounts the scanned code belongs to, as far as the
// code says: the provider's allowed_account_ids and assumed roles, the
// accounts of resources its policies grant on, and those the user lists as
// trusted.
func ownAccounts(p *Pass, trusted []string) map[string]bool {
	own := map[string]bool{}
	for _, id := range trusted {
		own[id] = true
	}
	addARN := func(v *model.Value) {
		v.Walk(func(x *model.Value) bool {
			if s, ok := x.AsString(); ok {
				if id, ok := accountOf(s); ok {
					own[id] = true
				}
			}
			return true
		})
	}
	for _, r := range p.Settings() {
		if r.Mode == model.Provider && r.Type == "aws" {
			addARN(r.Attr("allowed_account_ids"))
			addARN(r.Attr("assume_role"))
		}
	}
	for ap := range p.policies(model.IdentityPolicy, true) {
		for _, s := range ap.attached.Policy.Statements {
			for _, e := range s.Resources {
				if e.Known && strings.HasPrefix(e.Value, "arn:") {
					if id, ok := accountOf(e.Value); ok {
						own[id] = true
					}
				}
			}
		}
	}
	return own
}
