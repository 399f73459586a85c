package cloudformation

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// TestSAM reads a SAM template: Globals merged into each function the way
// the transform merges them, with the ranges of the Globals section; the
// function's IAM settings (Role, Policies) read as written, not expanded.
func TestSAM(t *testing.T) {
	const src = `Transform: AWS::Serverless-2016-10-31
Globals:
  Function:
    Runtime: python3.12
    Timeout: 10
    Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:base:1]
    Environment:
      Variables:
        STAGE: prod
        SHARED: !ImportValue shared-secret
Resources:
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Handler: app.handler
      Timeout: 30
      Layers: [arn:aws:lambda:eu-west-1:123456789012:layer:own:1]
      Environment:
        Variables:
          STAGE: dev
      Role: !GetAtt FnRole.Arn
      Policies:
        - S3ReadPolicy:
            BucketName: my-bucket
        - Statement:
            - Effect: Allow
              Action: sqs:SendMessage
              Resource: "*"
  Bare:
    Type: AWS::Serverless::Function
  Table:
    Type: AWS::DynamoDB::Table
`
	m := mustBuild(t, map[string]string{"template.yaml": src})["template.yaml"]
	fn := resource(t, m, "Fn")
	for prop, want := range map[string]string{"Runtime": `"python3.12"`, "Timeout": "number 30", "Handler": `"app.handler"`} {
		if got := describe(fn.Attr(prop)); got != want {
			t.Errorf("Fn.%s = %s, want %s", prop, got, want)
		}
	}
	if got := describe(fn.Attr("Layers")); !strings.Contains(got, "layer:base:1") || !strings.Contains(got, "layer:own:1") || strings.Index(got, "base") > strings.Index(got, "own") {
		t.Errorf("Fn.Layers = %s, want the global layer first, then the function's", got)
	}
	vars := fn.Body.Get("Environment").Get("Variables")
	if got := describe(vars.Get("STAGE")); got != `"dev"` {
		t.Errorf("STAGE = %s, want the function's own", got)
	}
	shared := vars.Get("SHARED")
	if shared == nil || refs(t, src, shared) != "Fn::ImportValue.shared-secret@!ImportValue shared-secret" || shared.Range.Start.Line != 10 {
		t.Errorf("SHARED from Globals = %s at %v", describe(shared), shared)
	}
	if refs(t, src, fn.Attr("Role")) != "FnRole.Arn@!GetAtt FnRole.Arn" {
		t.Errorf("Role refs = %s", refs(t, src, fn.Attr("Role")))
	}
	if p := fn.Attr("Policies"); p.Kind != model.List || len(p.Elems) != 2 || p.Elems[0].Get("S3ReadPolicy").Get("BucketName").Str != "my-bucket" {
		t.Errorf("Policies = %s", describe(p))
	}
	if got := describe(resource(t, m, "Bare").Attr("Runtime")); got != `"python3.12"` {
		t.Errorf("a function without properties gets the globals: Runtime = %s", got)
	}
	if resource(t, m, "Table").Attr("Runtime") != nil {
		t.Error("Globals.Function applied to a table")
	}
	// The globals themselves are not modified by the merge.
	if got := describe(resource(t, m, "Bare").Body.Get("Environment").Get("Variables").Get("STAGE")); got != `"prod"` {
		t.Errorf("Bare STAGE = %s, want the global value", got)
	}
}

// TestNestedStacks binds a child template's parameters to what the
// parent passes (AWS::CloudFormation::Stack with a local TemplateURL, SAM's
// AWS::Serverless::Application with a local Location), and links the
// parent's GetAtt Stack.Outputs.X to the child's output.
func TestNestedStacks(t *testing.T) {
	parent := `AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: deploy
  Child:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: ./nested/child.yaml
      Parameters:
        Secret: !GetAtt Key.SecretAccessKey
        Name: fixed
  App:
    Type: AWS::Serverless::Application
    Properties:
      Location: nested/child.yaml
      Parameters:
        Name: other
  Remote:
    Type: AWS::CloudFormation::Stack
    Properties:
      TemplateURL: https://s3.amazonaws.com/bucket/child.yaml
  Reader:
    Type: AWS::SSM::Parameter
    Properties:
      Value: !GetAtt Child.Outputs.Echo
`
	child := `AWSTemplateFormatVersion: "2010-09-09"
Parameters:
  Secret:
    Type: String
    NoEcho: true
  Name:
    Type: String
    Default: unset
  Unbound:
    Type: String
    Default: kept
Resources:
  Box:
    Type: AWS::SSM::Parameter
    Properties:
      Name: !Ref Unbound
      Value: !Sub "${Secret}"
Outputs:
  Echo:
    Value: !Ref Secret
`
	mods := mustBuild(t, map[string]string{"stack/parent.yaml": parent, "stack/nested/child.yaml": child})
	p, c := mods["stack/parent.yaml"], mods["stack/nested/child.yaml"]
	vars := map[string]*model.Variable{}
	for _, v := range c.Variables {
		vars[v.Name] = v
	}
	if got := refs(t, parent, vars["Secret"].Set); got != "Key.SecretAccessKey@!GetAtt Key.SecretAccessKey" || vars["Secret"].Set.Range.File != "stack/parent.yaml" {
		t.Errorf("Secret bound to %s", got)
	}
	// Two parents pass different names: the parameter could be either.
	if got := describe(vars["Name"].Set); got != "unknown" {
		t.Errorf("Name = %s, want unknown (fixed or other)", got)
	}
	if vars["Unbound"].Set != nil || describe(vars["Unbound"].Value()) != `"kept"` {
		t.Errorf("Unbound = %v", vars["Unbound"].Set)
	}
	box := resource(t, c, "Box")
	if got := describe(box.Attr("Name")); got != `"kept"` {
		t.Errorf("Box.Name = %s", got)
	}
	if got := refs(t, child, box.Attr("Value")); got != "Secret@${Secret}" {
		t.Errorf("Box.Value refs = %s", got)
	}
	if len(p.Links) != 1 || p.Links[0].Module != c || p.Links[0].Output.Name != "Echo" || at(t, parent, p.Links[0].Ref.Range) != "!GetAtt Child.Outputs.Echo" {
		t.Errorf("links = %+v", p.Links)
	}
}

func TestNestedStackProblems(t *testing.T) {
	a := "Resources:\n  B:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: b.yaml\n  Missing:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: ./gone.yaml\n"
	b := "Resources:\n  A:\n    Type: AWS::CloudFormation::Stack\n    Properties:\n      TemplateURL: a.yaml\n      Parameters:\n        X: y\n"
	_, diags := build(t, map[string]string{"a.yaml": a, "b.yaml": b})
	var got []string
	for _, d := range diags {
		got = append(got, d.Error())
	}
	want := []string{
		`a.yaml:5:20: nested templates form a cycle`,
		`a.yaml:9:20: nested template "./gone.yaml" is not among the scanned files`,
		`b.yaml:5:20: nested templates form a cycle`,
	}
	joined := strings.Join(got, "\n")
	for _, w := range want {
		if !strings.Contains(joined, w) {
			t.Errorf("missing diagnostic %q in:\n%s", w, joined)
		}
	}
	if len(got) != len(want) {
		t.Errorf("diagnostics:\n%s", joined)
	}
}

// TestExportImport links each Fn::ImportValue to the output exporting its
// name in another template of the scan.
func TestExportImport(t *testing.T) {
	exporter := `{
  "AWSTemplateFormatVersion": "2010-09-09",
  "Parameters": {"Prefix": {"Type": "String", "Default": "team"}},
  "Resources": {"Key": {"Type": "AWS::IAM::AccessKey", "Properties": {"UserName": "ci"}}},
  "Outputs": {
    "Secret": {"Value": {"Fn::GetAtt": ["Key", "SecretAccessKey"]}, "Export": {"Name": {"Fn::Sub": "${Prefix}-ci-secret"}}},
    "Id": {"Value": {"Ref": "Key"}, "Export": {"Name": {"Fn::Sub": "${AWS::StackName}-id"}}}
  }
}
`
	importer := `Resources:
  Fn:
    Type: AWS::Lambda::Function
    Properties:
      Environment:
        Variables:
          SECRET: !ImportValue team-ci-secret
          ID: !ImportValue
            Fn::Sub: "${AWS::StackName}-id"
`
	mods := mustBuild(t, map[string]string{"shared/keys.json": exporter, "app/fn.yaml": importer})
	links := mods["app/fn.yaml"].Links
	if len(links) != 1 {
		t.Fatalf("links = %+v, want the import of team-ci-secret only: the other name is unknown", links)
	}
	l := links[0]
	if l.Module != mods["shared/keys.json"] || l.Output.Name != "Secret" || at(t, importer, l.Ref.Range) != "!ImportValue team-ci-secret" {
		t.Errorf("link = %+v", l)
	}
	if s, _ := l.Output.Export.AsString(); s != "team-ci-secret" {
		t.Errorf("export name = %q", s)
	}
}

// TestSuppressions records each "# iamlint:ignore" comment with the entry
// it annotates, and each resource's extent for the Metadata form.
func TestSuppressions(t *testing.T) {
	src := `Resources:
  # iamlint:ignore IAM105 the vendor appliance only takes keys
  Deploy:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: deploy
  Legacy: # iamlint:ignore IAM105,IAM203 rotated by the legacy job
    Type: AWS::IAM::AccessKey
  Alice:
    Type: AWS::IAM::User
    Properties:
      # iamlint:ignore
      # (another comment)
      LoginProfile:
        Password: x
      UserName: alice # iamlint:ignore IAM201
  # iamlint:ignore annotates nothing

  Tagged:
    Type: AWS::IAM::User
    Metadata:
      iamlint:
        ignore: [{id: IAM105, reason: why}]
`
	f, diags := ParseFile("t.yaml", []byte(src))
	if f == nil || len(diags) > 0 {
		t.Fatalf("ParseFile: %v", diags)
	}
	var got []string
	for _, s := range f.Model.Suppressions {
		scope := "nothing"
		if !s.Scope.IsZero() {
			scope = strings.SplitN(at(t, src, s.Scope), "\n", 2)[0]
		}
		got = append(got, fmt.Sprintf("%d:%q->%s", s.Range.Start.Line, s.Text, scope))
	}
	want := []string{
		`2:"IAM105 the vendor appliance only takes keys"->Deploy:`,
		`7:"IAM105,IAM203 rotated by the legacy job"->Legacy: # iamlint:ignore IAM105,IAM203 rotated by the legacy job`,
		`12:""->LoginProfile:`,
		`16:"IAM201"->UserName: alice`,
		`17:"annotates nothing"->nothing`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Errorf("suppressions:\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	m := mustBuild(t, map[string]string{"t.yaml": src})["t.yaml"]
	if ext := at(t, src, resource(t, m, "Deploy").Extent); !strings.HasPrefix(ext, "Deploy:") || !strings.HasSuffix(ext, "UserName: deploy") {
		t.Errorf("Deploy extent = %q", ext)
	}
	if ext := at(t, src, resource(t, m, "Tagged").Extent); !strings.HasSuffix(ext, "reason: why}]") {
		t.Errorf("Tagged extent = %q", ext)
	}
}

// TestPolicies reads the policy documents of IAM, resource-policy and SAM
// resources into the model, each element with its range.
func TestPolicies(t *testing.T) {
	src := `Transform: AWS::Serverless-2016-10-31
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Statement:
          - Effect: Allow
            Principal: {AWS: !Sub "arn:aws:iam::${AWS::AccountId}:root"}
            Action: sts:AssumeRole
            Condition:
              StringEquals: {sts:ExternalId: abc}
      Policies:
        - PolicyName: inline
          PolicyDocument:
            Statement: {Effect: Allow, Action: [s3:GetObject, s3:PutObject], Resource: "*"}
  BucketPolicy:
    Type: AWS::S3::BucketPolicy
    Properties:
      PolicyDocument:
        Statement: [{Effect: Deny, Principal: "*", Action: s3:*, Resource: "*"}]
  Fn:
    Type: AWS::Serverless::Function
    Properties:
      Policies:
        - AWSLambdaBasicExecutionRole
        - S3ReadPolicy: {BucketName: b}
        - Statement: [{Effect: Allow, Action: iam:CreateAccessKey, Resource: "*"}]
`
	m := mustBuild(t, map[string]string{"t.yaml": src})["t.yaml"]
	describePolicies := func(r *model.Resource) string {
		var out []string
		for _, ap := range r.Policies {
			for _, s := range ap.Policy.Statements {
				var actions []string
				for _, a := range s.Actions {
					actions = append(actions, at(t, src, a.Range))
				}
				principals := ""
				for _, p := range s.Principals {
					principals += fmt.Sprintf(" %s=%s(known %v)", p.Type, at(t, src, p.Range), p.Known)
				}
				conds := ""
				for _, c := range s.Conditions {
					conds += " " + c.Operator + ":" + c.Key
				}
				out = append(out, fmt.Sprintf("%d %s %s [%s]%s%s", ap.Kind, ap.Attr, s.Effect.Value, strings.Join(actions, " "), principals, conds))
			}
		}
		return strings.Join(out, "; ")
	}
	for id, want := range map[string]string{
		"Role":         `1 AssumeRolePolicyDocument Allow [sts:AssumeRole] AWS=!Sub "arn:aws:iam::${AWS::AccountId}:root"(known false) StringEquals:sts:ExternalId; 0 Policies.*.PolicyDocument Allow [s3:GetObject s3:PutObject]`,
		"BucketPolicy": `2 PolicyDocument Deny [s3:*] *="*"(known true)`,
		"Fn":           `0 Policies.* Allow [iam:CreateAccessKey]`,
	} {
		if got := describePolicies(resource(t, m, id)); got != want {
			t.Errorf("%s policies:\n\t%s\nwant\n\t%s", id, got, want)
		}
	}
}
