package iackeys

import (
	"go/types"
	"regexp"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/internal/gotypes"
	"github.com/iamlint/iamlint/parsers/model"
)

// The analyzer knows packages by a short name that does not change with
// the SDK's major version: "aws/ec2" is .../pulumi-aws/sdk/v5, v6 or v7
// /go/aws/ec2, "cdk/awsec2" is .../aws-cdk-go/awscdk/v2/awsec2.
var pkgPatterns = []struct {
	re     *regexp.Regexp
	prefix string
}{
	{regexp.MustCompile(`^github\.com/pulumi/pulumi-aws/sdk/v[0-9]+/go/aws/([a-z0-9]+)$`), "aws/"},
	{regexp.MustCompile(`^github\.com/pulumi/pulumi/sdk/v[0-9]+/go/(pulumi)$`), ""},
	{regexp.MustCompile(`^github\.com/pulumi/pulumi-github/sdk/v[0-9]+/go/(github)$`), ""},
	{regexp.MustCompile(`^github\.com/aws/aws-cdk-go/(awscdk)(?:/v[0-9]+)?$`), ""},
	{regexp.MustCompile(`^github\.com/aws/aws-cdk-go/awscdk(?:/v[0-9]+)?/([a-z0-9]+)$`), "cdk/"},
}

// pkgKey returns the short name of a package the analyzer knows, or "".
func pkgKey(pkg *types.Package) string {
	if pkg == nil {
		return ""
	}
	path := gotypes.PkgPath(pkg)
	for _, p := range pkgPatterns {
		if m := p.re.FindStringSubmatch(path); m != nil {
			return p.prefix + m[1]
		}
	}
	return ""
}

// sourceFuncs create an access key: "pkgKey.Func".
var sourceFuncs = map[string]bool{
	"aws/iam.NewAccessKey":       true, // Pulumi AWS
	"cdk/awsiam.NewAccessKey":    true, // CDK L2
	"cdk/awsiam.NewCfnAccessKey": true, // CDK L1
}

// sourcePkgs are the packages sourceFuncs live in: a package that imports
// none of them creates no key and is not analyzed further.
var sourcePkgs = map[string]bool{"aws/iam": true, "cdk/awsiam": true}

// materialFields are the fields of a key resource that hold key material
// (Pulumi's iam.AccessKey).
var materialFields = map[string]kind{
	"Secret":          secret,
	"EncryptedSecret": secret,
}

// materialMethods are the methods of a key resource that return key
// material: Pulumi's ID(), CDK's AccessKey and CfnAccessKey accessors.
var materialMethods = map[string]kind{
	"ID":                  keyID,
	"AccessKeyId":         keyID,
	"SecretAccessKey":     secret,
	"Ref":                 keyID,
	"AttrId":              keyID,
	"AttrSecretAccessKey": secret,
}

// smtpFields are the fields that hold a key's SES SMTP password: a key
// read only through them needs no IAM101-IAM104 and is a note for IAM105.
var smtpFields = map[string]bool{"SesSmtpPasswordV4": true, "EncryptedSesSmtpPasswordV4": true}

// A sink is where key material must not go.
type sink struct {
	rule  string
	level model.Level
	what  string // "EC2 user data"
	fix   string // what to do instead
}

var (
	ec2UserData = &sink{analyzers.IAM101, analyzers.Error, "EC2 user data",
		"give the instance a role through an instance profile"}
	lambdaEnv = &sink{analyzers.IAM102, analyzers.Error, "a Lambda function's environment",
		"use the function's execution role"}
	ecsContainer = &sink{analyzers.IAM102, analyzers.Error, "an ECS container definition",
		"use the ECS task role"}
	codeBuildEnv = &sink{analyzers.IAM102, analyzers.Error, "a CodeBuild project's environment",
		"use the project's service role"}
	ciSecret = &sink{analyzers.IAM103, analyzers.Error, "a GitHub Actions secret",
		"let the workflow assume a role through GitHub's OIDC provider, trusted only for the repository's sub claim"}
	stackOutput = &sink{analyzers.IAM104, analyzers.Warning, "a stack output",
		"for another account, use a cross-account role with an sts:ExternalId condition; for people, IAM Identity Center"}
	secretStore = &sink{analyzers.IAM104, analyzers.Warning, "a secret or parameter store",
		"for another account, use a cross-account role with an sts:ExternalId condition; for a workload, its own role"}
)

// fieldSinks are struct fields ("pkgKey.Type.Field") whose value reaches a
// sink, whether set in a composite literal or assigned.
var fieldSinks = map[string]*sink{
	// Pulumi AWS.
	"aws/ec2.InstanceArgs.UserData":                          ec2UserData,
	"aws/ec2.InstanceArgs.UserDataBase64":                    ec2UserData,
	"aws/ec2.LaunchTemplateArgs.UserData":                    ec2UserData,
	"aws/ec2.LaunchConfigurationArgs.UserData":               ec2UserData,
	"aws/ec2.LaunchConfigurationArgs.UserDataBase64":         ec2UserData,
	"aws/ec2.SpotInstanceRequestArgs.UserData":               ec2UserData,
	"aws/ec2.SpotInstanceRequestArgs.UserDataBase64":         ec2UserData,
	"aws/lambda.FunctionArgs.Environment":                    lambdaEnv,
	"aws/ecs.TaskDefinitionArgs.ContainerDefinitions":        ecsContainer,
	"aws/codebuild.ProjectArgs.Environment":                  codeBuildEnv,
	"aws/secretsmanager.SecretVersionArgs.SecretString":      secretStore,
	"aws/ssm.ParameterArgs.Value":                            secretStore,
	"aws/ssm.ParameterArgs.InsecureValue":                    secretStore,
	"github.ActionsSecretArgs.PlaintextValue":                ciSecret,
	"github.ActionsSecretArgs.EncryptedValue":                ciSecret,
	"github.ActionsEnvironmentSecretArgs.PlaintextValue":     ciSecret,
	"github.ActionsEnvironmentSecretArgs.EncryptedValue":     ciSecret,
	"github.ActionsOrganizationSecretArgs.PlaintextValue":    ciSecret,
	"github.ActionsOrganizationSecretArgs.EncryptedValue":    ciSecret,
	"github.DependabotSecretArgs.PlaintextValue":             ciSecret,
	"github.DependabotSecretArgs.EncryptedValue":             ciSecret,
	"github.DependabotOrganizationSecretArgs.PlaintextValue": ciSecret,
	// AWS CDK.
	"cdk/awsec2.InstanceProps.UserData":                                    ec2UserData,
	"cdk/awsec2.LaunchTemplateProps.UserData":                              ec2UserData,
	"cdk/awsec2.CfnInstanceProps.UserData":                                 ec2UserData,
	"cdk/awsec2.CfnLaunchTemplate_LaunchTemplateDataProperty.UserData":     ec2UserData,
	"cdk/awsautoscaling.AutoScalingGroupProps.UserData":                    ec2UserData,
	"cdk/awslambda.FunctionProps.Environment":                              lambdaEnv,
	"cdk/awslambda.CfnFunction_EnvironmentProperty.Variables":              lambdaEnv,
	"cdk/awsecs.ContainerDefinitionOptions.Environment":                    ecsContainer,
	"cdk/awsecs.ContainerDefinitionProps.Environment":                      ecsContainer,
	"cdk/awsecs.CfnTaskDefinition_ContainerDefinitionProperty.Environment": ecsContainer,
	"cdk/awscodebuild.BuildEnvironmentVariable.Value":                      codeBuildEnv,
	"cdk/awscodebuild.CfnProject_EnvironmentVariableProperty.Value":        codeBuildEnv,
	"cdk/awssecretsmanager.SecretProps.SecretStringValue":                  secretStore,
	"cdk/awssecretsmanager.SecretProps.SecretObjectValue":                  secretStore,
	"cdk/awsssm.StringParameterProps.StringValue":                          secretStore,
	"awscdk.CfnOutputProps.Value":                                          stackOutput,
}

// A callSink is an argument of a function or method ("pkgKey.Func",
// "pkgKey.Type.Method") that reaches a sink.
type callSink struct {
	arg int
	*sink
}

var callSinks = map[string]callSink{
	"pulumi.Context.Export":                         {1, stackOutput},
	"cdk/awslambda.Function.AddEnvironment":         {1, lambdaEnv},
	"cdk/awsecs.ContainerDefinition.AddEnvironment": {1, ecsContainer},
}

// mutators are methods ("pkgKey.Type.Method", or a standard library
// "path.Type.Method") whose arguments end up in their receiver: CDK's user
// data builder, strings.Builder, bytes.Buffer.
var mutators = map[string]bool{
	"cdk/awsec2.UserData.AddCommands":           true,
	"cdk/awsec2.UserData.AddOnExitCommands":     true,
	"cdk/awsec2.UserData.AddExecuteFileCommand": true,
	"strings.Builder.WriteString":               true,
	"strings.Builder.Write":                     true,
	"bytes.Buffer.WriteString":                  true,
	"bytes.Buffer.Write":                        true,
}

// writerFuncs are functions and methods whose argument writer (an index)
// receives the other arguments: fmt.Fprintf(&b, ..., secret),
// tmpl.Execute(&b, data).
var writerFuncs = map[string]int{
	"fmt.Fprintf":                            0,
	"fmt.Fprint":                             0,
	"fmt.Fprintln":                           0,
	"io.WriteString":                         0,
	"text/template.Template.Execute":         0,
	"text/template.Template.ExecuteTemplate": 0,
}
