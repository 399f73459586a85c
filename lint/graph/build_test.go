package graph_test

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/lint/graph"
)

// edgesOf lists a graph's edges as "from -kind-> to", node IDs without
// the temporary directory.
func edgesOf(g *graph.Graph, dir string) []string {
	var out []string
	for _, e := range g.Edges {
		out = append(out, fmt.Sprintf("%s -%s-> %s", strings.TrimPrefix(e.From, dir), e.Kind, strings.TrimPrefix(e.To, dir)))
	}
	return out
}

const unknownTrust = `
variable "who" {}
resource "aws_iam_role" "r" {
  assume_role_policy = jsonencode({
    Version   = "2012-10-17"
    Statement = [{ Effect = "Allow", Action = "sts:AssumeRole", Principal = { AWS = var.who } }]
  })
}
`

// TestBuild draws small trees and checks the edges the tables make, by
// reference, by literal name and by ARN, in Terraform and CloudFormation.
func TestBuild(t *testing.T) {
	cases := []struct {
		name  string
		files map[string]string
		want  []string // edges that must be there
		not   []string // edges or node IDs that must not
		label string   // an edge label or condition that must be there
	}{
		{
			name: "key owner by reference and by literal name",
			files: map[string]string{"main.tf": `
resource "aws_iam_user" "a" { name = "alice" }
resource "aws_iam_user" "b" { name = "bob" }
resource "aws_iam_access_key" "a" { user = aws_iam_user.a.name }
resource "aws_iam_access_key" "b" { user = "bob" }
`},
			want: []string{"#aws_iam_user.a -owns-> #aws_iam_access_key.a", "#aws_iam_user.b -owns-> #aws_iam_access_key.b"},
			not:  []string{"#aws_iam_user.a -owns-> #aws_iam_access_key.b"},
		},
		{
			name: "attachments: a resource between two nodes is an edge, not a node",
			files: map[string]string{"main.tf": `
resource "aws_iam_role" "r" { name = "r" }
resource "aws_iam_policy" "p" { name = "p" }
resource "aws_iam_role_policy_attachment" "a" {
  role       = aws_iam_role.r.name
  policy_arn = aws_iam_policy.p.arn
}
resource "aws_iam_group" "g" { name = "ops" }
resource "aws_iam_group_policy_attachment" "g" {
  group      = aws_iam_group.g.name
  policy_arn = "arn:aws:iam::aws:policy/ReadOnlyAccess"
}
resource "aws_iam_user" "u" { name = "u" }
resource "aws_iam_user_group_membership" "m" {
  user   = aws_iam_user.u.name
  groups = [aws_iam_group.g.name]
}
`},
			want: []string{
				"#aws_iam_role.r -attached-> #aws_iam_policy.p",
				"#aws_iam_group.g -attached-> policy:arn:aws:iam::aws:policy/ReadOnlyAccess",
				"#aws_iam_user.u -member_of-> #aws_iam_group.g",
			},
			not: []string{"#aws_iam_role_policy_attachment.a", "#aws_iam_user_group_membership.m"},
		},
		{
			name: "trust: principals, services, conditions",
			files: map[string]string{"main.tf": `
resource "aws_iam_role" "vendor" {
  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::444455556666:root" }
      Condition = { StringEquals = { "sts:ExternalId" = "acme-42" } }
    }, {
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = "ec2.amazonaws.com" }
    }, {
      Effect    = "Deny"
      Action    = "sts:AssumeRole"
      Principal = { AWS = "arn:aws:iam::999999999999:root" }
    }]
  })
}
`},
			want:  []string{"account:arn:aws:iam::444455556666:root -trust-> #aws_iam_role.vendor", "service:ec2.amazonaws.com -trust-> #aws_iam_role.vendor"},
			not:   []string{"account:arn:aws:iam::999999999999:root -trust-> #aws_iam_role.vendor"},
			label: "StringEquals sts:ExternalId = acme-42",
		},
		{
			name:  "a principal not known statically is each module's own",
			files: map[string]string{"a/main.tf": unknownTrust, "b/main.tf": unknownTrust},
			want: []string{
				"/a#principal:AWS:(not known statically) -trust-> /a#aws_iam_role.r",
				"/b#principal:AWS:(not known statically) -trust-> /b#aws_iam_role.r",
			},
			not: []string{"/a#principal:AWS:(not known statically) -trust-> /b#aws_iam_role.r"},
		},
		{
			name: "CloudFormation: owner, groups, managed policies, inline policies",
			files: map[string]string{"template.yaml": `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Ops:
    Type: AWS::IAM::Group
  Deploy:
    Type: AWS::IAM::User
    Properties:
      Groups: [!Ref Ops]
      ManagedPolicyArns: [arn:aws:iam::aws:policy/ReadOnlyAccess]
  Key:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: !Ref Deploy
  Reader:
    Type: AWS::IAM::Role
    Properties:
      ManagedPolicyArns: [!Sub "arn:${AWS::Partition}:iam::aws:policy/ReadOnlyAccess"]
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Action: "sts:AssumeRole", Principal: {Service: lambda.amazonaws.com}}]
  Inline:
    Type: AWS::IAM::Policy
    Properties:
      PolicyName: inline
      Users: [!Ref Deploy]
      PolicyDocument:
        Version: "2012-10-17"
        Statement: [{Effect: Allow, Action: "s3:GetObject", Resource: "*"}]
`},
			want: []string{
				"template.yaml#Deploy -owns-> template.yaml#Key",
				"template.yaml#Deploy -member_of-> template.yaml#Ops",
				"template.yaml#Deploy -attached-> policy:arn:aws:iam::aws:policy/ReadOnlyAccess",
				"template.yaml#Deploy -attached-> template.yaml#Inline",
				// The partition is a pseudo parameter: still one node.
				"template.yaml#Reader -attached-> policy:arn:aws:iam::aws:policy/ReadOnlyAccess",
				"service:lambda.amazonaws.com -trust-> template.yaml#Reader",
			},
		},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			dir := t.TempDir()
			for name, text := range c.files {
				write(t, dir, name, text)
			}
			g := draw(t, dir)
			edges := edgesOf(g, dir)
			for _, w := range c.want {
				if !slices.Contains(edges, strings.ReplaceAll(w, "template.yaml#", "/template.yaml#")) {
					t.Errorf("no edge %s; edges:\n%s", w, strings.Join(edges, "\n"))
				}
			}
			for _, n := range c.not {
				if slices.ContainsFunc(edges, func(e string) bool { return e == n || strings.Contains(e, n+" ") || strings.HasSuffix(e, n) }) {
					t.Errorf("%s is drawn; edges:\n%s", n, strings.Join(edges, "\n"))
				}
				if g.Node(dir+n) != nil {
					t.Errorf("node %s is drawn", n)
				}
			}
			if c.label != "" && !slices.ContainsFunc(g.Edges, func(e *graph.Edge) bool { return slices.Contains(e.Conditions, c.label) }) {
				t.Errorf("no edge is guarded by %q", c.label)
			}
		})
	}
}

// TestFocus checks the neighbourhood by depth, and that the findings of a
// focused graph are those drawn, renumbered in the report's order.
func TestFocus(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", `
resource "aws_iam_user" "u" { name = "u" }
resource "aws_iam_access_key" "k" { user = aws_iam_user.u.name }
resource "aws_ssm_parameter" "p" {
  name  = "key"
  type  = "SecureString"
  value = aws_iam_access_key.k.secret
}
resource "aws_iam_user" "lonely" { name = "lonely" }
resource "aws_iam_access_key" "lonely" { user = aws_iam_user.lonely.name }
`)
	g := draw(t, dir)
	for _, c := range []struct {
		addr  string
		depth int
		want  int
	}{
		{"aws_iam_user.u", 0, 1},
		{"aws_iam_user.u", 1, 2},
		{"aws_iam_user.u", 2, 3},
		{"aws_iam_user.u", -1, 3},
		{"aws_iam_access_key.k", 1, 3},
	} {
		f, err := g.Focus(c.addr, c.depth)
		if err != nil {
			t.Fatal(err)
		}
		if len(f.Nodes) != c.want {
			t.Errorf("focus %s depth %d: %d nodes, want %d", c.addr, c.depth, len(f.Nodes), c.want)
		}
		for _, n := range f.Nodes {
			if strings.Contains(n.ID, "lonely") {
				t.Errorf("focus %s depth %d draws %s", c.addr, c.depth, n.ID)
			}
		}
		drawn := 0
		for _, n := range f.Nodes {
			drawn += len(n.Findings)
			for _, i := range n.Findings {
				if i >= len(f.Findings) || strings.Contains(f.Findings[i].Message, "lonely") {
					t.Errorf("focus %s: finding %d is not one of the neighbourhood's", c.addr, i)
				}
			}
		}
		for _, e := range f.Edges {
			drawn += len(e.Findings)
		}
		if drawn != len(f.Findings) {
			t.Errorf("focus %s depth %d: %d findings listed, %d drawn", c.addr, c.depth, len(f.Findings), drawn)
		}
	}
	if _, err := g.Focus("aws_iam_user.nobody", 1); err == nil {
		t.Error("focus on a missing address: no error")
	}
}

// TestEscaping draws names with the characters each format quotes.
func TestEscaping(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "template.yaml", `
AWSTemplateFormatVersion: "2010-09-09"
Resources:
  Role:
    Type: AWS::IAM::Role
    Properties:
      AssumeRolePolicyDocument:
        Version: "2012-10-17"
        Statement:
          - Effect: Allow
            Action: sts:AssumeRole
            Principal: {Federated: "arn:aws:iam::1:saml-provider/a\"b<c>|d\\e"}
            Condition: {StringLike: {"saml:sub": "x\"]--> y"}}
`)
	g := draw(t, dir)
	mmd := string(render(t, g, "mermaid"))
	if !strings.Contains(mmd, "saml-provider/a#quot;b#lt;c#gt;") || !strings.Contains(mmd, "x#quot;]--#gt; y") {
		t.Fatalf("mermaid: the principal or its condition is not drawn as escaped text:\n%s", mmd)
	}
	for _, bad := range []string{`a"b`, "<c>", `x"]`} {
		if strings.Contains(mmd, bad) {
			t.Errorf("mermaid: %q unescaped:\n%s", bad, mmd)
		}
	}
	dot := string(render(t, g, "dot"))
	if !strings.Contains(dot, `a\"b<c>|d\\e`) {
		t.Errorf("dot: the name is not quoted as DOT quotes:\n%s", dot)
	}
}

// TestExpandHops draws a flow's hops as nodes: the chain from the key to
// the sink has one node per hop, and the finding stays on its last edge.
func TestExpandHops(t *testing.T) {
	dir := t.TempDir()
	write(t, dir, "main.tf", `
resource "aws_iam_user" "u" { name = "u" }
resource "aws_iam_access_key" "k" { user = aws_iam_user.u.name }
locals {
  secret = aws_iam_access_key.k.secret
}
resource "aws_ssm_parameter" "p" {
  name  = "key"
  type  = "SecureString"
  value = local.secret
}
`)
	g := draw(t, dir)
	var flow *graph.Edge
	for _, e := range g.Edges {
		if e.Kind == graph.Flow {
			flow = e
		}
	}
	if flow == nil || len(flow.Hops) == 0 {
		t.Fatalf("no flow with hops: %v", edgesOf(g, dir))
	}
	x := g.ExpandHops()
	if len(x.Nodes) != len(g.Nodes)+len(flow.Hops) {
		t.Errorf("%d nodes, want %d and %d hops", len(x.Nodes), len(g.Nodes), len(flow.Hops))
	}
	// Walk the chain from the key.
	at, steps := flow.From, 0
	for at != flow.To && steps <= len(flow.Hops) {
		next := ""
		for _, e := range x.Edges {
			if e.From == at && e.Kind == graph.Flow {
				next = e.To
				if e.To == flow.To && len(e.Findings) != len(flow.Findings) {
					t.Errorf("the last edge has %d findings, want %d", len(e.Findings), len(flow.Findings))
				}
			}
		}
		if next == "" {
			t.Fatalf("the chain stops at %s", at)
		}
		if next != flow.To && x.Node(next).Kind != graph.HopKind {
			t.Errorf("%s on the chain is a %s", next, x.Node(next).Kind)
		}
		at = next
		steps++
	}
	if steps != len(flow.Hops)+1 {
		t.Errorf("the chain has %d edges, want %d", steps, len(flow.Hops)+1)
	}
}

// TestBuildEmpty: nothing scanned is an empty graph that every format
// renders.
func TestBuildEmpty(t *testing.T) {
	for _, g := range []*graph.Graph{graph.Build(nil, graph.Options{}), draw(t, t.TempDir())} {
		if len(g.Nodes) != 0 || len(g.Edges) != 0 {
			t.Errorf("%d nodes and %d edges from nothing", len(g.Nodes), len(g.Edges))
		}
		for _, f := range graph.Formats {
			render(t, g, f)
		}
	}
}
