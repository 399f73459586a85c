package main

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsec2"
	"github.com/aws/aws-cdk-go/awscdk/v2/awsiam"
	"github.com/aws/aws-cdk-go/awscdk/v2/awslambda"
	"github.com/aws/constructs-go/constructs/v10"
	"github.com/aws/jsii-runtime-go"
)

func NewStack(scope constructs.Construct, id string) awscdk.Stack {
	stack := awscdk.NewStack(scope, &id, nil)
	user := awsiam.NewUser(stack, jsii.String("Deploy"), nil)
	key := awsiam.NewAccessKey(stack, jsii.String("DeployKey"), &awsiam.AccessKeyProps{User: user})

	// IAM101: the user data builder collects the secret.
	ud := awsec2.UserData_ForLinux(nil)
	ud.AddCommands(jsii.String("export AWS_SECRET_ACCESS_KEY=" + *key.SecretAccessKey().UnsafeUnwrap()))
	awsec2.NewInstance(stack, jsii.String("Web"), &awsec2.InstanceProps{UserData: ud}) // want `error: the secret of access key "DeployKey" reaches EC2 user data through awsec2.InstanceProps.UserData`

	// IAM102: a Lambda environment variable added by method.
	fn := awslambda.NewFunction(stack, jsii.String("Fn"), &awslambda.FunctionProps{Handler: jsii.String("main")})
	fn.AddEnvironment(jsii.String("AWS_ACCESS_KEY_ID"), key.AccessKeyId(), nil) // want `error: the ID of access key "DeployKey" reaches a Lambda function's environment through fn.AddEnvironment`
	awslambda.NewFunction(stack, jsii.String("Fn2"), &awslambda.FunctionProps{
		Environment: &map[string]*string{"AWS_SECRET_ACCESS_KEY": key.SecretAccessKey().ToString()}, // want `error: the secret of access key "DeployKey" reaches a Lambda function's environment through awslambda.FunctionProps.Environment`
	})

	// IAM104: the L1 key's secret in a stack output.
	cfn := awsiam.NewCfnAccessKey(stack, jsii.String("CfnKey"), &awsiam.CfnAccessKeyProps{UserName: user.UserName()})
	awscdk.NewCfnOutput(stack, jsii.String("Secret"), &awscdk.CfnOutputProps{Value: cfn.AttrSecretAccessKey()}) // want `warning: the secret of access key "CfnKey" reaches a stack output through awscdk.CfnOutputProps.Value`

	// IAM105, inactive: a note.
	awsiam.NewAccessKey(stack, jsii.String("Old"), &awsiam.AccessKeyProps{User: user, Status: awsiam.AccessKeyStatus_INACTIVE}) // want `note: inactive access key "Old"`

	// A plain instance.
	plain := awsec2.UserData_ForLinux(nil)
	plain.AddCommands(jsii.String("echo hello"))
	awsec2.NewInstance(stack, jsii.String("Plain"), &awsec2.InstanceProps{UserData: plain})
	return stack
}

func main() {
	app := awscdk.NewApp(nil)
	NewStack(app, "Stack")
	app.Synth(nil)
}
