package rules

import "github.com/iamlint/iamlint/parsers/model"

var accessKeyInService = &Rule{
	ID:        "IAM102",
	Name:      "access-key-in-service",
	Level:     model.Error,
	Short:     "Long-term key material configures a service that can run under a role",
	Precision: "high",
	Tags:      []string{"iam", "credentials"},
	Doc: Doc{
		Why: "Lambda functions, ECS tasks, CodeBuild projects, Beanstalk environments, App Runner services, Batch " +
			"jobs, Glue jobs, SageMaker models, Amplify apps and pods on EKS all run under a role of their own. A key " +
			"(in a script: given to aws lambda create-function or update-function-configuration --environment, or to a " +
			"Kubernetes secret with kubectl) " +
			"in their environment or configuration is visible to everyone who can read that configuration, never " +
			"rotates, and outlives the service. An environment entry named AWS_ACCESS_KEY_ID or " +
			"AWS_SECRET_ACCESS_KEY counts whatever its value, since the SDK will use it as a key.",
		Fix: "Use the service's own role: the Lambda execution role, the ECS task role, the CodeBuild service role, " +
			"the Beanstalk instance profile, EKS IRSA or Pod Identity. Then delete the key.",
		Examples: []Example{
			{Language: model.Terraform, Bad: true, Code: `resource "aws_iam_access_key" "reporter" {
  user = "reporter"
}

resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "report.zip"

  environment {
    variables = {
      AWS_ACCESS_KEY_ID     = aws_iam_access_key.reporter.id
      AWS_SECRET_ACCESS_KEY = aws_iam_access_key.reporter.secret
    }
  }
}
`},
			{Language: model.Terraform, Code: `resource "aws_lambda_function" "report" {
  function_name = "report"
  role          = "arn:aws:iam::123456789012:role/report"
  runtime       = "python3.12"
  handler       = "main.handler"
  filename      = "report.zip"

  environment {
    variables = {
      BUCKET = "reports"
    }
  }
}
`},
			{Language: model.CloudFormation, Bad: true, Code: `Resources:
  ReporterKey:
    Type: AWS::IAM::AccessKey
    Properties:
      UserName: reporter
  Report:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: main.handler
      Role: arn:aws:iam::123456789012:role/report
      Code:
        ZipFile: "def handler(e, c): pass"
      Environment:
        Variables:
          AWS_ACCESS_KEY_ID: !Ref ReporterKey
          AWS_SECRET_ACCESS_KEY: !GetAtt ReporterKey.SecretAccessKey
`},
			{Language: model.CloudFormation, Code: `Resources:
  Report:
    Type: AWS::Lambda::Function
    Properties:
      Runtime: python3.12
      Handler: main.handler
      Role: arn:aws:iam::123456789012:role/report
      Code:
        ZipFile: "def handler(e, c): pass"
      Environment:
        Variables:
          BUCKET: reports
`},
			{Language: model.Shell, Bad: true, Code: `SECRET=$(aws iam create-access-key --user-name app \
  --query AccessKey.SecretAccessKey --output text)
aws lambda update-function-configuration --function-name app \
  --environment "Variables={AWS_SECRET_ACCESS_KEY=$SECRET}"
`},
			{Language: model.Shell, Code: `aws lambda update-function-configuration --function-name app \
  --role arn:aws:iam::123456789012:role/app
`},
		},
	},
	Languages: iacAndShell,
	Reads:     Reads{Flow: true},
	Check:     reportFlows,
}
