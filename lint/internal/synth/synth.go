// Package synth writes synthetic infrastructure trees for benchmarks: a
// Terraform monorepo of many module directories and a set of
// CloudFormation templates, with the shapes real code has (locals chains,
// module nesting, IAM users and keys among many unrelated resources, heavy
// use of intrinsics). The same Spec always writes the same bytes, so a
// tree twice as large is exactly twice the same kinds of content.
package synth

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
)

// Spec sizes a tree.
type Spec struct {
	Roots     int // Terraform root module directories
	Resources int // unrelated resources per root (buckets, queues, secrets)
	Locals    int // length of the locals chain in each root
	Nesting   int // depth of the chain of local child modules a root calls
	NestEvery int // roots that call such a chain: one of every NestEvery (0: none)
	// KeyEvery puts an IAM user with an access key reaching a sink in one
	// root of every KeyEvery (0: none).
	KeyEvery  int
	Templates int // CloudFormation templates
	// TemplateResources is the number of resources per template.
	TemplateResources int
}

// Write writes the tree under dir and returns the number of files.
func Write(dir string, s Spec) (int, error) {
	w := &writer{dir: dir}
	for r := 0; r < s.Roots; r++ {
		w.terraformRoot(r, s)
	}
	for t := 0; t < s.Templates; t++ {
		w.template(t, s)
	}
	return w.files, w.err
}

type writer struct {
	dir   string
	files int
	err   error
}

func (w *writer) write(rel, content string) {
	if w.err != nil {
		return
	}
	path := filepath.Join(w.dir, filepath.FromSlash(rel))
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		w.err = err
		return
	}
	w.err = os.WriteFile(path, []byte(content), 0o644)
	w.files++
}

func (w *writer) terraformRoot(r int, s Spec) {
	root := fmt.Sprintf("terraform/team-%04d", r)
	var main, locals, vars strings.Builder
	fmt.Fprintf(&vars, "variable \"namespace\" {\n  type    = string\n  default = \"team-%d\"\n}\n\nvariable \"environment\" {\n  type    = string\n  default = \"prod\"\n}\n", r)
	locals.WriteString("locals {\n  base = {\n    namespace   = var.namespace\n    environment = var.environment\n  }\n")
	for l := 0; l < s.Locals; l++ {
		prev := "local.base"
		if l > 0 {
			prev = fmt.Sprintf("local.step_%d", l-1)
		}
		fmt.Fprintf(&locals, "  step_%d = merge(%s, { step_%d = \"${var.namespace}-%d\" })\n", l, prev, l, l)
	}
	locals.WriteString("}\n")
	tags := "local.base"
	if s.Locals > 0 {
		tags = fmt.Sprintf("local.step_%d", s.Locals-1)
	}
	for i := 0; i < s.Resources; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&main, "resource \"aws_s3_bucket\" \"b%d\" {\n  bucket = \"${var.namespace}-bucket-%d\"\n  tags   = %s\n}\n\n", i, i, tags)
		case 1:
			fmt.Fprintf(&main, "resource \"aws_sqs_queue\" \"q%d\" {\n  name                      = \"${var.namespace}-queue-%d\"\n  message_retention_seconds = 86400\n  redrive_policy = jsonencode({\n    deadLetterTargetArn = \"arn:aws:sqs:eu-west-2:000000000000:dlq\"\n    maxReceiveCount     = 3\n  })\n  tags = %s\n}\n\n", i, i, tags)
		case 2:
			fmt.Fprintf(&main, "resource \"kubernetes_secret\" \"s%d\" {\n  metadata {\n    name      = \"queue-%d\"\n    namespace = var.namespace\n  }\n  data = {\n    url = aws_sqs_queue.q%d.url\n  }\n}\n\n", i, i, i-1)
		default:
			fmt.Fprintf(&main, "resource \"aws_route53_record\" \"r%d\" {\n  zone_id = \"Z000000000000\"\n  name    = \"svc-%d.${var.namespace}.example.com\"\n  type    = \"CNAME\"\n  ttl     = 300\n  records = [\"lb-%d.example.com\"]\n}\n\n", i, i, i)
		}
	}
	if s.KeyEvery > 0 && r%s.KeyEvery == 0 {
		fmt.Fprintf(&main, `resource "aws_iam_user" "app" {
  name = "${var.namespace}-app"
}

resource "aws_iam_access_key" "app" {
  user = aws_iam_user.app.name
}

resource "kubernetes_secret" "app_creds" {
  metadata {
    name      = "app-creds"
    namespace = var.namespace
  }
  data = {
    access_key_id     = aws_iam_access_key.app.id
    secret_access_key = aws_iam_access_key.app.secret
  }
}

`)
	}
	if s.Nesting > 0 && s.NestEvery > 0 && r%s.NestEvery == 0 {
		fmt.Fprintf(&main, "module \"platform\" {\n  source    = \"./modules/level-1\"\n  namespace = var.namespace\n}\n")
		for d := 1; d <= s.Nesting; d++ {
			var m strings.Builder
			m.WriteString("variable \"namespace\" {\n  type = string\n}\n\n")
			fmt.Fprintf(&m, "resource \"aws_sns_topic\" \"t\" {\n  name = \"${var.namespace}-level-%d\"\n}\n\n", d)
			if d < s.Nesting {
				fmt.Fprintf(&m, "module \"next\" {\n  source    = \"../level-%d\"\n  namespace = var.namespace\n}\n\n", d+1)
			}
			m.WriteString("output \"topic\" {\n  value = aws_sns_topic.t.arn\n}\n")
			w.write(fmt.Sprintf("%s/modules/level-%d/main.tf", root, d), m.String())
		}
	}
	w.write(root+"/main.tf", main.String())
	w.write(root+"/locals.tf", locals.String())
	w.write(root+"/variables.tf", vars.String())
	w.write(root+"/versions.tf", "terraform {\n  required_version = \">= 1.5\"\n  backend \"s3\" {}\n}\n\nprovider \"aws\" {\n  region = \"eu-west-2\"\n}\n")
}

func (w *writer) template(t int, s Spec) {
	var b strings.Builder
	fmt.Fprintf(&b, "AWSTemplateFormatVersion: \"2010-09-09\"\nDescription: synthetic template %d\nParameters:\n  Env:\n    Type: String\n    Default: prod\nConditions:\n  IsProd: !Equals [!Ref Env, prod]\nResources:\n", t)
	for i := 0; i < s.TemplateResources; i++ {
		switch i % 4 {
		case 0:
			fmt.Fprintf(&b, "  Bucket%d:\n    Type: AWS::S3::Bucket\n    Properties:\n      BucketName: !Sub \"${AWS::StackName}-${Env}-%d\"\n      Tags:\n        - Key: env\n          Value: !If [IsProd, !Ref Env, dev]\n", i, i)
		case 1:
			fmt.Fprintf(&b, "  Role%d:\n    Type: AWS::IAM::Role\n    Properties:\n      AssumeRolePolicyDocument:\n        Version: \"2012-10-17\"\n        Statement:\n          - Effect: Allow\n            Principal:\n              Service: lambda.amazonaws.com\n            Action: sts:AssumeRole\n      Policies:\n        - PolicyName: read\n          PolicyDocument:\n            Statement:\n              - Effect: Allow\n                Action: [s3:GetObject]\n                Resource: !Sub \"arn:${AWS::Partition}:s3:::${Bucket%d}/*\"\n", i, i-1)
		case 2:
			fmt.Fprintf(&b, "  Function%d:\n    Type: AWS::Lambda::Function\n    Properties:\n      Role: !GetAtt Role%d.Arn\n      Runtime: python3.12\n      Handler: index.handler\n      Code:\n        ZipFile: |\n          def handler(event, context):\n              return {}\n      Environment:\n        Variables:\n          BUCKET: !Ref Bucket%d\n          TABLE: !Join [\"-\", [!Ref \"AWS::StackName\", table, \"%d\"]]\n", i, i-1, i-2, i)
		default:
			fmt.Fprintf(&b, "  Queue%d:\n    Type: AWS::SQS::Queue\n    Properties:\n      QueueName: !Sub\n        - \"${Prefix}-queue-%d\"\n        - Prefix: !Select [0, !Split [\"-\", !Ref \"AWS::StackName\"]]\n", i, i)
		}
	}
	if s.KeyEvery > 0 && t%s.KeyEvery == 0 {
		b.WriteString("  User:\n    Type: AWS::IAM::User\n  Key:\n    Type: AWS::IAM::AccessKey\n    Properties:\n      UserName: !Ref User\nOutputs:\n  Secret:\n    Value: !GetAtt Key.SecretAccessKey\n")
	}
	w.write(fmt.Sprintf("cloudformation/stack-%04d.yaml", t), b.String())
}
