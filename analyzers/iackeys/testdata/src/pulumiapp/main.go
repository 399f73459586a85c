package main

import (
	"fmt"

	iamv5 "github.com/pulumi/pulumi-aws/sdk/v5/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codebuild"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ecs"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam"
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda"
	"github.com/pulumi/pulumi-github/sdk/v6/go/github"
	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

func main() {
	pulumi.Run(func(ctx *pulumi.Context) error {
		user, err := iam.NewUser(ctx, "deploy", &iam.UserArgs{})
		if err != nil {
			return err
		}
		key, err := iam.NewAccessKey(ctx, "deploy", &iam.AccessKeyArgs{User: user.Name})
		if err != nil {
			return err
		}

		// IAM101: through pulumi.Sprintf and a variable into user data.
		userData := pulumi.Sprintf("#!/bin/bash\nexport AWS_ACCESS_KEY_ID=%s\nexport AWS_SECRET_ACCESS_KEY=%s\n", key.ID(), key.Secret)
		web, err := ec2.NewInstance(ctx, "web", &ec2.InstanceArgs{
			Ami:      pulumi.String("ami-0123456789abcdef0"),
			UserData: userData, // want `error: the secret of access key "deploy" reaches EC2 user data through ec2.InstanceArgs.UserData; give the instance a role through an instance profile`
		})
		if err != nil {
			return err
		}
		ctx.Export("ip", web.PublicIp) // the instance's address is no key material

		// IAM101: through ApplyT into a launch template.
		script := key.Secret.ApplyT(func(s string) string { return "export AWS_SECRET_ACCESS_KEY=" + s }).(pulumi.StringOutput)
		_, _ = ec2.NewLaunchTemplate(ctx, "workers", &ec2.LaunchTemplateArgs{UserData: script}) // want `error: the secret of access key "deploy" reaches EC2 user data through ec2.LaunchTemplateArgs.UserData`

		// IAM101: a field assigned after the literal.
		args := &ec2.InstanceArgs{Ami: pulumi.String("ami-0123456789abcdef0")}
		args.UserDataBase64 = pulumi.Sprintf("%s", key.Secret) // want `error: the secret of access key "deploy" reaches EC2 user data through ec2.InstanceArgs.UserDataBase64`
		_, _ = ec2.NewInstance(ctx, "batch", args)

		// IAM102: the Lambda environment, pointing at the secret in the map.
		_, _ = lambda.NewFunction(ctx, "fn", &lambda.FunctionArgs{
			Environment: &lambda.FunctionEnvironmentArgs{
				Variables: pulumi.StringMap{
					"AWS_ACCESS_KEY_ID":     key.ID().ToStringOutput(),
					"AWS_SECRET_ACCESS_KEY": key.Secret, // want `error: the secret of access key "deploy" reaches a Lambda function's environment through lambda.FunctionArgs.Environment; use the function's execution role`
				},
			},
		})

		// IAM102: ECS container definitions built by a function of the package.
		_, _ = ecs.NewTaskDefinition(ctx, "task", &ecs.TaskDefinitionArgs{
			Family:               pulumi.String("app"),
			ContainerDefinitions: containerDefinitions(key.ID(), key.Secret), // want `error: the secret of access key "deploy" reaches an ECS container definition through ecs.TaskDefinitionArgs.ContainerDefinitions; use the ECS task role`
		})

		// IAM102: CodeBuild, through a struct field and a function call.
		newBuild(ctx, build{secret: key.Secret})

		// IAM103: a GitHub Actions secret.
		_, _ = github.NewActionsSecret(ctx, "aws-secret", &github.ActionsSecretArgs{
			Repository:     pulumi.String("app"),
			SecretName:     pulumi.String("AWS_SECRET_ACCESS_KEY"),
			PlaintextValue: key.Secret, // want `error: the secret of access key "deploy" reaches a GitHub Actions secret through github.ActionsSecretArgs.PlaintextValue`
		})

		// IAM104: a stack output.
		ctx.Export("accessKeyId", key.ID()) // want `warning: the ID of access key "deploy" reaches a stack output through ctx.Export; for another account, use a cross-account role`

		// Not key material: a length computed from the secret.
		ctx.Export("secretLength", key.Secret.ApplyT(func(s string) int { return len(s) }))

		// Plain user data.
		_, _ = ec2.NewInstance(ctx, "plain", &ec2.InstanceArgs{UserData: pulumi.String("#!/bin/bash\necho hello")})

		// IAM105: keys that go nowhere of the above.
		_, _ = iamv5.NewAccessKey(ctx, "unused", &iamv5.AccessKeyArgs{User: user.Name})                             // want `warning: access key "unused" is a long-term credential; give the workload a role instead`
		_, _ = iam.NewAccessKey(ctx, "old", &iam.AccessKeyArgs{User: user.Name, Status: pulumi.String("Inactive")}) // want `note: inactive access key "old" is still a long-term credential`
		smtp, _ := iam.NewAccessKey(ctx, "smtp", &iam.AccessKeyArgs{User: user.Name})                               // want `note: access key "smtp" is used only as SES SMTP credentials`
		ctx.Export("smtpPassword", smtp.SesSmtpPasswordV4)
		return nil
	})
}

func containerDefinitions(id pulumi.IDOutput, secret pulumi.StringOutput) pulumi.StringOutput {
	return pulumi.All(id, secret).ApplyT(func(args []interface{}) (string, error) {
		return fmt.Sprintf(`[{"name":"app","environment":[{"name":"AWS_ACCESS_KEY_ID","value":"%s"},{"name":"AWS_SECRET_ACCESS_KEY","value":"%s"}]}]`, args[0], args[1]), nil
	}).(pulumi.StringOutput)
}

type build struct {
	secret pulumi.StringOutput
}

func newBuild(ctx *pulumi.Context, b build) {
	_, _ = codebuild.NewProject(ctx, "build", &codebuild.ProjectArgs{
		Environment: codebuild.ProjectEnvironmentArgs{
			Image: pulumi.String("aws/codebuild/standard:7.0"),
			EnvironmentVariables: codebuild.ProjectEnvironmentEnvironmentVariableArray{
				{Name: pulumi.String("AWS_SECRET_ACCESS_KEY"), Value: b.secret}, // want `error: the secret of access key "deploy" reaches a CodeBuild project's environment through codebuild.ProjectArgs.Environment; use the project's service role`
			},
		},
	})
}
