package cloudformation

import (
	"errors"
	"fmt"
	"strings"

	"github.com/iamlint/iamlint/parsers/jsonpos"
	"github.com/iamlint/iamlint/parsers/model"
)

// policyProp is a property that holds policy documents: a path of property
// names, where "*" is every element of a list.
type policyProp struct {
	path string
	kind model.PolicyKind
}

// policyProps lists, per resource type, where its policy documents are, so
// that the policy and trust rules read them as they read Terraform's.
var policyProps = map[string][]policyProp{
	"AWS::IAM::Role":                      {{"AssumeRolePolicyDocument", model.TrustPolicy}, {"Policies.*.PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::User":                      {{"Policies.*.PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::Group":                     {{"Policies.*.PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::Policy":                    {{"PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::ManagedPolicy":             {{"PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::RolePolicy":                {{"PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::UserPolicy":                {{"PolicyDocument", model.IdentityPolicy}},
	"AWS::IAM::GroupPolicy":               {{"PolicyDocument", model.IdentityPolicy}},
	"AWS::S3::BucketPolicy":               {{"PolicyDocument", model.ResourcePolicy}},
	"AWS::SQS::QueuePolicy":               {{"PolicyDocument", model.ResourcePolicy}},
	"AWS::SNS::TopicPolicy":               {{"PolicyDocument", model.ResourcePolicy}},
	"AWS::KMS::Key":                       {{"KeyPolicy", model.ResourcePolicy}},
	"AWS::ECR::Repository":                {{"RepositoryPolicyText", model.ResourcePolicy}},
	"AWS::SecretsManager::ResourcePolicy": {{"ResourcePolicy", model.ResourcePolicy}},
	// SAM: the role the transform creates for a function, and the inline
	// statements among its Policies (the other entries name managed
	// policies or policy templates, which are not documents).
	"AWS::Serverless::Function": {{"AssumeRolePolicyDocument", model.TrustPolicy}, {"Policies.*", model.IdentityPolicy}, {"Policies", model.IdentityPolicy}},
}

// policies reads the policy documents of a resource. A document written as
// a JSON string too deep to read is a warning in d.
func policies(r *model.Resource, d *diags) []*model.AttachedPolicy {
	var out []*model.AttachedPolicy
	for _, pp := range policyProps[r.Type] {
		for _, v := range r.Body.At(propPath(pp.path), nil) {
			// A document may also be written as a JSON string.
			if s, ok := v.AsString(); ok && strings.HasPrefix(strings.TrimSpace(s), "{") {
				doc, err := jsonpos.ParseString(s, v.Range)
				if err == nil {
					v = doc
				} else if errors.Is(err, jsonpos.ErrTooDeep) {
					d.list = append(d.list, model.Diagnostic{
						Severity: model.Warning,
						Summary:  fmt.Sprintf("policy document nested more than %d levels deep: not checked", model.MaxNesting),
						Detail:   "The policy is not read, so no rule checks it. A policy is a few levels deep; this one cannot be what AWS accepts.",
						Range:    v.Range,
					})
				}
			}
			if p := model.PolicyFromValue(v); p != nil {
				out = append(out, &model.AttachedPolicy{Kind: pp.kind, Attr: pp.path, Policy: p})
			}
		}
	}
	return out
}

// propPath turns a policyProp's path into a model.Value.At path: "*",
// every element of a list, is At's "[]".
func propPath(path string) []string {
	steps := strings.Split(path, ".")
	for i, s := range steps {
		if s == "*" {
			steps[i] = "[]"
		}
	}
	return steps
}
