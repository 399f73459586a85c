// Command infra is a Pulumi program that hands an access key around.
package main

import (
	"github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2"
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
		_, err = ec2.NewInstance(ctx, "web", &ec2.InstanceArgs{
			Ami:      pulumi.String("ami-0123456789abcdef0"),
			UserData: pulumi.Sprintf("#!/bin/bash\nexport AWS_SECRET_ACCESS_KEY=%s\n", key.Secret),
		})
		if err != nil {
			return err
		}
		_, err = lambda.NewFunction(ctx, "fn", &lambda.FunctionArgs{
			Environment: &lambda.FunctionEnvironmentArgs{
				Variables: pulumi.StringMap{"AWS_SECRET_ACCESS_KEY": key.Secret},
			},
		})
		if err != nil {
			return err
		}
		_, err = github.NewActionsSecret(ctx, "aws", &github.ActionsSecretArgs{
			Repository:     pulumi.String("app"),
			SecretName:     pulumi.String("AWS_SECRET_ACCESS_KEY"),
			PlaintextValue: key.Secret,
		})
		if err != nil {
			return err
		}
		ctx.Export("accessKeyId", key.ID())
		_, err = iam.NewAccessKey(ctx, "spare", &iam.AccessKeyArgs{User: user.Name})
		return err
	})
}
