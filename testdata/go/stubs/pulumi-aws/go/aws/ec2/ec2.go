// Package ec2 is a stub of github.com/pulumi/pulumi-aws/sdk/v6/go/aws/ec2.
package ec2

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type Instance struct {
	pulumi.CustomResourceState

	PublicIp pulumi.StringOutput
}

type InstanceArgs struct {
	Ami            pulumi.StringPtrInput
	InstanceType   pulumi.StringPtrInput
	UserData       pulumi.StringPtrInput
	UserDataBase64 pulumi.StringPtrInput
}

func NewInstance(ctx *pulumi.Context, name string, args *InstanceArgs, opts ...pulumi.ResourceOption) (*Instance, error) {
	return &Instance{}, nil
}

type LaunchTemplate struct{ pulumi.CustomResourceState }

type LaunchTemplateArgs struct {
	ImageId  pulumi.StringPtrInput
	UserData pulumi.StringPtrInput
}

func NewLaunchTemplate(ctx *pulumi.Context, name string, args *LaunchTemplateArgs, opts ...pulumi.ResourceOption) (*LaunchTemplate, error) {
	return &LaunchTemplate{}, nil
}
