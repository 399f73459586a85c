// Package iam is a stub of github.com/pulumi/pulumi-aws/sdk/v6/go/aws/iam.
package iam

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type AccessKey struct {
	pulumi.CustomResourceState

	EncryptedSecret   pulumi.StringOutput
	Secret            pulumi.StringOutput
	SesSmtpPasswordV4 pulumi.StringOutput
	Status            pulumi.StringPtrOutput
	User              pulumi.StringOutput
}

type AccessKeyArgs struct {
	PgpKey pulumi.StringPtrInput
	Status pulumi.StringPtrInput
	User   pulumi.StringInput
}

func NewAccessKey(ctx *pulumi.Context, name string, args *AccessKeyArgs, opts ...pulumi.ResourceOption) (*AccessKey, error) {
	return &AccessKey{}, nil
}

type User struct {
	pulumi.CustomResourceState

	Name pulumi.StringOutput
}

type UserArgs struct{ Name pulumi.StringPtrInput }

func NewUser(ctx *pulumi.Context, name string, args *UserArgs, opts ...pulumi.ResourceOption) (*User, error) {
	return &User{}, nil
}
