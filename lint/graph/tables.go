package graph

import "sort"

// The tables: which resource types are drawn as which nodes, and which
// attributes of which types make which edges. A front-end for a new
// language adds its types here as rows; Build has no case for any type.

// nodeKinds are the managed resource types drawn as nodes whether or not a
// finding concerns them.
var nodeKinds = map[string]Kind{
	"aws_iam_user":                    User,
	"AWS::IAM::User":                  User,
	"aws_iam_access_key":              AccessKey,
	"AWS::IAM::AccessKey":             AccessKey,
	"aws_iam_role":                    Role,
	"AWS::IAM::Role":                  Role,
	"aws_iam_group":                   Group,
	"AWS::IAM::Group":                 Group,
	"aws_iam_openid_connect_provider": OIDCProvider,
	"AWS::IAM::OIDCProvider":          OIDCProvider,
	"aws_iam_policy":                  Policy,
	"AWS::IAM::ManagedPolicy":         Policy,
	"AWS::IAM::Policy":                Policy,
	"aws_iam_user_policy":             Policy,
	"aws_iam_role_policy":             Policy,
	"aws_iam_group_policy":            Policy,
	// Shell scripts: the AWS CLI commands that make the same things.
	"aws iam create-user":       User,
	"aws iam create-access-key": AccessKey,
	"aws iam create-role":       Role,
	"aws iam create-group":      Group,
	"aws iam create-policy":     Policy,
	"aws iam put-user-policy":   Policy,
	"aws iam put-role-policy":   Policy,
	"aws iam put-group-policy":  Policy,
}

// nameAttrs are the attributes that name an IAM resource, so that a
// literal name or ARN elsewhere finds it.
var nameAttrs = []string{"name", "UserName", "RoleName", "GroupName", "ManagedPolicyName", "PolicyName",
	"user-name", "role-name", "group-name", "policy-name"}

// relation is a row of the edge table: each node that the subject
// attribute names gets an edge to each node that the object attribute
// names. An empty attribute is the resource itself (which must then be a
// node kind). A literal resolves to a resource of the module of the
// wanted kind by name, or, for a policy, to the ARN's policy.
type relation struct {
	edge                    EdgeKind
	subject, object         string // dotted attribute paths
	subjectKind, objectKind Kind
}

// relationsOf lists the relations each resource type declares.
var relationsOf = map[string][]relation{
	// Who owns a key.
	"aws_iam_access_key":  {{edge: Owns, subject: "user", subjectKind: User}},
	"AWS::IAM::AccessKey": {{edge: Owns, subject: "UserName", subjectKind: User}},

	// Attachments of managed policies, each its own resource.
	"aws_iam_user_policy_attachment":  {{edge: Attached, subject: "user", subjectKind: User, object: "policy_arn", objectKind: Policy}},
	"aws_iam_role_policy_attachment":  {{edge: Attached, subject: "role", subjectKind: Role, object: "policy_arn", objectKind: Policy}},
	"aws_iam_group_policy_attachment": {{edge: Attached, subject: "group", subjectKind: Group, object: "policy_arn", objectKind: Policy}},
	"aws_iam_policy_attachment": {
		{edge: Attached, subject: "users", subjectKind: User, object: "policy_arn", objectKind: Policy},
		{edge: Attached, subject: "roles", subjectKind: Role, object: "policy_arn", objectKind: Policy},
		{edge: Attached, subject: "groups", subjectKind: Group, object: "policy_arn", objectKind: Policy},
	},
	// Inline policies: the policy resource names its holder.
	"aws_iam_user_policy":  {{edge: Attached, subject: "user", subjectKind: User}},
	"aws_iam_role_policy":  {{edge: Attached, subject: "role", subjectKind: Role}},
	"aws_iam_group_policy": {{edge: Attached, subject: "group", subjectKind: Group}},
	"AWS::IAM::Policy": {
		{edge: Attached, subject: "Users", subjectKind: User},
		{edge: Attached, subject: "Roles", subjectKind: Role},
		{edge: Attached, subject: "Groups", subjectKind: Group},
	},
	"AWS::IAM::ManagedPolicy": {
		{edge: Attached, subject: "Users", subjectKind: User},
		{edge: Attached, subject: "Roles", subjectKind: Role},
		{edge: Attached, subject: "Groups", subjectKind: Group},
	},
	// Managed policies listed on the principal.
	"aws_iam_role":   {{edge: Attached, object: "managed_policy_arns", objectKind: Policy}},
	"AWS::IAM::Role": {{edge: Attached, object: "ManagedPolicyArns", objectKind: Policy}},
	"AWS::IAM::User": {
		{edge: Attached, object: "ManagedPolicyArns", objectKind: Policy},
		{edge: MemberOf, object: "Groups", objectKind: Group},
	},
	"AWS::IAM::Group": {{edge: Attached, object: "ManagedPolicyArns", objectKind: Policy}},
	// Group membership.
	"aws_iam_user_group_membership": {{edge: MemberOf, subject: "user", subjectKind: User, object: "groups", objectKind: Group}},
	"aws_iam_group_membership":      {{edge: MemberOf, subject: "users", subjectKind: User, object: "group", objectKind: Group}},
	"AWS::IAM::UserToGroupAddition": {{edge: MemberOf, subject: "Users", subjectKind: User, object: "GroupName", objectKind: Group}},

	// The AWS CLI in shell scripts, by its options.
	"aws iam create-access-key":   {{edge: Owns, subject: "user-name", subjectKind: User}},
	"aws iam attach-user-policy":  {{edge: Attached, subject: "user-name", subjectKind: User, object: "policy-arn", objectKind: Policy}},
	"aws iam attach-role-policy":  {{edge: Attached, subject: "role-name", subjectKind: Role, object: "policy-arn", objectKind: Policy}},
	"aws iam attach-group-policy": {{edge: Attached, subject: "group-name", subjectKind: Group, object: "policy-arn", objectKind: Policy}},
	"aws iam put-user-policy":     {{edge: Attached, subject: "user-name", subjectKind: User}},
	"aws iam put-role-policy":     {{edge: Attached, subject: "role-name", subjectKind: Role}},
	"aws iam put-group-policy":    {{edge: Attached, subject: "group-name", subjectKind: Group}},
	"aws iam add-user-to-group":   {{edge: MemberOf, subject: "user-name", subjectKind: User, object: "group-name", objectKind: Group}},
}

// flowRules are the rules whose findings are a key reaching a sink: drawn
// as an edge from the key material to the sink.
var flowRules = map[string]bool{"IAM101": true, "IAM102": true, "IAM103": true, "IAM104": true, "IAM501": true}

// KeepTypes are the resource types the graph reads beyond what the rules
// read: front-ends that parse selectively must keep them.
func KeepTypes() []string {
	var out []string
	for t := range nodeKinds {
		out = append(out, t)
	}
	for t := range relationsOf {
		if _, ok := nodeKinds[t]; !ok {
			out = append(out, t)
		}
	}
	sort.Strings(out)
	return out
}
