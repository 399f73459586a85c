// Package lambda is a stub of github.com/pulumi/pulumi-aws/sdk/v6/go/aws/lambda.
package lambda

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type Function struct{ pulumi.CustomResourceState }

type FunctionEnvironmentPtrInput interface{ pulumi.Input }

type FunctionEnvironmentArgs struct {
	Variables pulumi.StringMapInput
}

func (*FunctionEnvironmentArgs) ElementType() reflect.Type { return nil }

type FunctionArgs struct {
	Environment FunctionEnvironmentPtrInput
	Handler     pulumi.StringPtrInput
	Role        pulumi.StringInput
}

func NewFunction(ctx *pulumi.Context, name string, args *FunctionArgs, opts ...pulumi.ResourceOption) (*Function, error) {
	return &Function{}, nil
}
