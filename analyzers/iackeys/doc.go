// Package iackeys defines an Analyzer that follows the IAM access keys a
// Pulumi or AWS CDK program creates to the places their material must not
// go (iamlint rules IAM101-IAM104), and reports the keys that reach none of
// them (IAM105).
//
// # Analyzer iackeys
//
// iackeys: report Pulumi and AWS CDK access keys, and their secrets reaching EC2 user data, service environments, CI secrets and outputs
//
// Sources, resolved through type information (the SDKs' real package
// paths, any major version):
//
//   - Pulumi AWS (pulumi-aws sdk/v5, v6, v7): iam.NewAccessKey; the key's
//     Secret and EncryptedSecret fields (the secret) and ID() (the key
//     ID);
//   - AWS CDK for Go (awscdk/v2): awsiam.NewAccessKey, with
//     SecretAccessKey() and AccessKeyId(), and awsiam.NewCfnAccessKey, with
//     AttrSecretAccessKey() and Ref().
//
// Sinks, and the rule each one triggers:
//
//   - IAM101 (error): EC2 user data. Pulumi ec2.InstanceArgs,
//     LaunchTemplateArgs, LaunchConfigurationArgs and
//     SpotInstanceRequestArgs UserData and UserDataBase64; CDK
//     awsec2.InstanceProps, LaunchTemplateProps, CfnInstanceProps,
//     CfnLaunchTemplate_LaunchTemplateDataProperty and
//     awsautoscaling.AutoScalingGroupProps UserData (a CDK UserData
//     object holds what its AddCommands calls were given).
//   - IAM102 (error): service configuration that a role replaces. Lambda
//     (lambda.FunctionArgs.Environment; awslambda.FunctionProps.Environment,
//     CfnFunction_EnvironmentProperty.Variables, Function.AddEnvironment),
//     ECS (ecs.TaskDefinitionArgs.ContainerDefinitions;
//     awsecs.ContainerDefinitionOptions/Props.Environment,
//     CfnTaskDefinition_ContainerDefinitionProperty.Environment,
//     ContainerDefinition.AddEnvironment), CodeBuild
//     (codebuild.ProjectArgs.Environment;
//     awscodebuild.BuildEnvironmentVariable.Value,
//     CfnProject_EnvironmentVariableProperty.Value).
//   - IAM103 (error): GitHub secrets of pulumi-github
//     (github.NewActionsSecret and the environment, organization and
//     Dependabot variants: PlaintextValue, EncryptedValue).
//   - IAM104 (warning): the key leaves the program: ctx.Export,
//     awscdk.CfnOutputProps.Value, a Secrets Manager secret or SSM
//     parameter (secretsmanager.SecretVersionArgs.SecretString,
//     ssm.ParameterArgs.Value; awssecretsmanager.SecretProps,
//     awsssm.StringParameterProps).
//   - IAM105 (warning): a key that reaches none of the above; a note when
//     its status is set to Inactive, or when only its SES SMTP password is
//     read (no role replaces SMTP credentials).
//
// A finding points at the expression inside the sink's value that carries
// the key (key.Secret inside pulumi.Sprintf(...), or the variable that
// holds it), and its related location is the call that created the key.
// One finding is made per (rule, carrier, key).
//
// # What is followed
//
// The analysis runs on the type-checked syntax of one package and is
// flow-insensitive: every variable, parameter, named result and struct
// field holds the union of all the values assigned to it in the package.
// Key material is followed through
//
//   - assignments, declarations, range loops, channels, pointers;
//   - string concatenation, conversions, composite literals, maps, slices,
//     indexing and type assertions;
//   - calls of the package's own functions and methods (arguments to
//     parameters, return statements to results), including function
//     literals called in place;
//   - callbacks given to other packages: ApplyT(func(s string) ...) and
//     pulumi.All(...).ApplyT(...) pass what the receiver and the other
//     arguments hold to the callback's parameters, and the call's result
//     is what the callback returns (so ApplyT(func(s string) int { return
//     len(s) }) carries no key);
//   - other packages' functions and methods (pulumi.Sprintf, fmt.Sprintf,
//     jsii.String, ToStringOutput, UnsafeUnwrap, base64 and JSON
//     encoding...): the result may hold what the receiver and the arguments
//     held, unless it is a boolean, a number or an error, or a Pulumi
//     resource or CDK construct (a resource created with the key in its
//     user data does not itself carry the key);
//   - struct fields, field-based: T{F: v} and x.F = v make field F of
//     every T hold v;
//   - writers: strings.Builder, bytes.Buffer, fmt.Fprintf,
//     text/template's Execute, and CDK's UserData.AddCommands taint what
//     they write to.
//
// Not followed, so not reported: keys created or consumed in another
// package (no facts cross package boundaries yet), calls through interface
// methods or function values of the package's own code, reflection, and
// files or templates read at run time. Because the analysis is
// flow-insensitive, a variable that once held a key and is then
// overwritten is still taken to hold it. _test.go files are not analyzed.
//
// Diagnostics follow the convention of package
// github.com/iamlint/iamlint/analyzers: the category is the rule ID and the
// message starts with the level.
package iackeys
