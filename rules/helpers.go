package rules

import (
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
)

// attrRange spans an attribute from its name to the end of its value, the
// place a finding about one setting points at.
func attrRange(a *model.Attr) model.Range {
	r := a.NameRange
	if a.Value != nil && a.Value.Range.File == r.File && a.Value.Range.End.Byte > r.End.Byte {
		r.End = a.Value.Range.End
	}
	return r
}

// userRef says which IAM user a resource's user attribute names.
type userRef struct {
	id      string // identity within the scan: same id, same user
	display string // what a message shows
	rng     model.Range
}

// userNameAttrs are the IAM user resource types and the attribute that
// holds the user's name.
var userNameAttrs = map[string]string{"aws_iam_user": "name", "AWS::IAM::User": "UserName", "aws iam create-user": "user-name"}

// userTypes are the IAM user resource types: a rule that names the user of
// a key or an attachment reads them (Reads.Types).
var userTypes = []string{"aws_iam_user", "AWS::IAM::User", "aws iam create-user"}

// userOf resolves a user attribute (user, users[i], UserName) to a user: a
// reference to a user resource (an aws_iam_user address, a Ref to an
// AWS::IAM::User logical ID), a literal name (matched to a user of that
// name in the module when there is one), or, for an unknown value, the
// expression's references, so that two keys with user = var.name are known
// to share a user. It returns false when nothing identifies the user.
func (p *Pass) userOf(m *model.Module, v *model.Value) (userRef, bool) {
	if v == nil || v.IsNull() {
		return userRef{}, false
	}
	scope := m.Dir + "\x00" + m.File + "\x00" // one template is one scope, as one directory is
	for _, ref := range v.AllRefs() {
		if p.isUserResource(m, ref) {
			addr := ref.Subject + ref.Index
			return userRef{id: scope + addr, display: addr, rng: ref.Range}, true
		}
	}
	if name, ok := v.AsString(); ok {
		if r := p.usersOf(m).byName[name]; r != nil {
			return userRef{id: scope + r.Address, display: r.Address, rng: v.Range}, true
		}
		return userRef{id: scope + "name:" + name, display: name, rng: v.Range}, true
	}
	refs := v.AllRefs()
	if len(refs) == 0 {
		return userRef{}, false
	}
	for _, r := range refs {
		// each.value or count.index: a different user per copy, which no
		// message can name.
		if r.Iterates() {
			return userRef{}, false
		}
	}
	names := make([]string, len(refs))
	for i, r := range refs {
		names[i] = r.String()
	}
	sort.Strings(names)
	return userRef{id: scope + "expr:" + strings.Join(names, ","), display: strings.Join(names, ", "), rng: v.Range}, true
}

// isUserResource reports whether ref reads an IAM user resource:
// aws_iam_user.u.name, declared or not, or a CloudFormation Ref to the
// logical ID of a user of m.
func (p *Pass) isUserResource(m *model.Module, ref model.Ref) bool {
	if ref.Kind != model.RefResource {
		return false
	}
	if _, ok := userNameAttrs[ref.Type()]; ok {
		return true
	}
	return p.usersOf(m).byAddress[ref.Name] != nil
}

// accessKeyTypes are the resource types that hold a long-term access key.
var accessKeyTypes = []string{"aws_iam_access_key", "AWS::IAM::AccessKey", "aws iam create-access-key"}

// accessKeyAttrs names the user and status attributes of each access key type.
var accessKeyAttrs = map[string]struct{ user, status string }{
	"aws_iam_access_key":  {user: "user", status: "status"},
	"AWS::IAM::AccessKey": {user: "UserName", status: "Status"},
	// A key the AWS CLI creates is active; it has no status option.
	"aws iam create-access-key": {user: "user-name"},
}

// keyUser is the attribute of an access key that names its user.
func keyUser(r *model.Resource) *model.Value { return r.Attr(accessKeyAttrs[r.Type].user) }

// keyInactive reads an access key's status: true when it is certainly
// inactive. An omitted status means Active in both languages.
func keyInactive(r *model.Resource) bool {
	if accessKeyAttrs[r.Type].status == "" {
		return false
	}
	s, ok := r.Attr(accessKeyAttrs[r.Type].status).AsString()
	return ok && strings.EqualFold(s, "Inactive")
}

// keyActive reports whether an access key is certainly active: status
// omitted or "Active". An unknown status is neither certainly active nor
// certainly inactive.
func keyActive(r *model.Resource) bool {
	if accessKeyAttrs[r.Type].status == "" {
		return true
	}
	v := r.Attr(accessKeyAttrs[r.Type].status)
	if v.IsNull() {
		return true
	}
	s, ok := v.AsString()
	return ok && strings.EqualFold(s, "Active")
}
