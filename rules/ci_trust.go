package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// oidcTrust is a statement of a role's trust policy that lets a CI
// system's OIDC tokens assume the role.
type oidcTrust struct {
	ap       attachedPolicy
	s        *model.Statement
	issuer   string
	provider *oidcProvider
}

// oidcTrusts lists the statements of the scan's trust policies that allow
// sts:AssumeRoleWithWebIdentity from a known OIDC provider.
func (p *Pass) oidcTrusts() []oidcTrust {
	var out []oidcTrust
	for ap := range p.Policies(model.TrustPolicy) {
		for _, s := range ap.attached.Policy.Statements {
			if _, ok := allowsAction(s, "sts:AssumeRoleWithWebIdentity"); !ok {
				continue
			}
			for _, pr := range s.Principals {
				if pr.Type != "Federated" {
					continue
				}
				if issuer, prov := p.federatedIssuer(ap.mod, pr.Element); prov != nil {
					out = append(out, oidcTrust{ap: ap, s: s, issuer: issuer, provider: prov})
				}
			}
		}
	}
	return out
}

// accepts reports whether the statement can accept a token with one of
// subjects (glob patterns of what the job presents) and one of audiences.
// When it cannot, why names the condition that refuses. A condition the
// scan cannot read, on a claim it does not know, or with an operator other
// than StringEquals/StringLike is taken to accept: never a finding on a
// guess. A sub condition none of whose patterns starts with subPrefix (the
// system's format, or the configured template's first claim) is a
// template the scan does not know, which is not judged either.
func (t oidcTrust) accepts(subPrefix string, subjects, audiences []string) (ok bool, why *model.Condition) {
	if t.s.ConditionsUnknown {
		return true, nil
	}
	for i := range t.s.Conditions {
		c := &t.s.Conditions[i]
		if !c.Known {
			return true, nil
		}
		var claims []glob
		switch strings.ToLower(c.Key) {
		case strings.ToLower(t.issuer + ":sub"):
			for _, s := range subjects {
				claims = append(claims, claimGlob(s))
			}
		case strings.ToLower(t.issuer + ":aud"):
			for _, a := range audiences {
				claims = append(claims, glob{text: a}) // an unknown audience may be anything
			}
		default:
			continue
		}
		op := strings.ToLower(c.Operator)
		op = strings.TrimSuffix(strings.TrimPrefix(strings.TrimPrefix(op, "foranyvalue:"), "forallvalues:"), "ifexists")
		if op != "stringequals" && op != "stringlike" {
			continue
		}
		if strings.HasSuffix(strings.ToLower(c.Key), ":sub") && subPrefix != "" && !anyHasPrefix(c.Values, subPrefix) {
			continue // a customized subject template
		}
		matched := false
		for _, v := range c.Values {
			if !v.Known {
				matched = true
				break
			}
			for _, claim := range claims {
				if (glob{text: v.Value, literal: op == "stringequals"}).intersects(claim) {
					matched = true
					break
				}
			}
		}
		if !matched {
			return false, c
		}
	}
	return true, nil
}

func anyHasPrefix(values []model.Element, prefix string) bool {
	for _, v := range values {
		if !v.Known || strings.HasPrefix(v.Value, prefix) || strings.HasPrefix(v.Value, "*") {
			return true
		}
	}
	return false
}

// describeCondition is a condition as a message quotes it.
func describeCondition(c *model.Condition) string {
	var vs []string
	for _, v := range c.Values {
		vs = append(vs, quote(v.Value))
	}
	return fmt.Sprintf("%s %s %s", c.Operator, c.Key, strings.Join(vs, ", "))
}

// rolesByARN finds the roles of the scan an ARN names by their name (the
// last part of the path): arn:aws:iam::123456789012:role/ci/deploy names
// "deploy". Every role of that name is returned (a module instantiated
// per account makes several); a role whose name is built from unknown
// parts ("${var.env}-deploy") is returned when it is the only one whose
// pattern the name matches.
func (p *Pass) rolesByARN(arn string) []*model.Resource {
	i := strings.Index(arn, ":role/")
	if !strings.HasPrefix(arn, "arn:") || i < 0 {
		return nil
	}
	name := arn[i+len(":role/"):]
	if j := strings.LastIndexByte(name, '/'); j >= 0 {
		name = name[j+1:]
	}
	var types []string
	for t := range roleTypes {
		types = append(types, t)
	}
	sort.Strings(types)
	var exact, byPattern []*model.Resource
	for _, r := range p.ResourcesOf(types...) {
		v := r.Attr(roleTypes[r.Type])
		if n, ok := v.AsString(); ok && n == name {
			exact = append(exact, r)
		} else if v != nil && v.Kind == model.Unknown && v.Pattern != "" && (glob{text: v.Pattern}).intersects(glob{text: name, literal: true}) {
			byPattern = append(byPattern, r)
		}
	}
	if len(exact) == 0 && len(byPattern) == 1 {
		return byPattern
	}
	return exact
}

// shortSubjects are the subjects a fix names: the default form only, the
// first few.
func shortSubjects(j *ciJob, opts Options) []string {
	all := j.subjects(opts)
	unknownRepo := j.repository(opts) == "" && j.sys.repoPlaceholder != ""
	var out []string
	for _, s := range all {
		if strings.Contains(s, "@") {
			continue
		}
		if unknownRepo {
			// Shown, not matched: "repo:*" copied into a trust would scope
			// nothing.
			s = strings.Replace(s, j.sys.subPrefix+"*", j.sys.subPrefix+j.sys.repoPlaceholder, 1)
		}
		out = append(out, s)
		if len(out) == 3 {
			break
		}
	}
	return out
}
