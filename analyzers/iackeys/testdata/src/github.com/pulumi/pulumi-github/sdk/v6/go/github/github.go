// Package github is a stub of github.com/pulumi/pulumi-github/sdk/v6/go/github.
package github

import "github.com/pulumi/pulumi/sdk/v3/go/pulumi"

type ActionsSecret struct{ pulumi.CustomResourceState }

type ActionsSecretArgs struct {
	EncryptedValue pulumi.StringPtrInput
	PlaintextValue pulumi.StringPtrInput
	Repository     pulumi.StringInput
	SecretName     pulumi.StringInput
}

func NewActionsSecret(ctx *pulumi.Context, name string, args *ActionsSecretArgs, opts ...pulumi.ResourceOption) (*ActionsSecret, error) {
	return &ActionsSecret{}, nil
}
