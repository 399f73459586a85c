// Package codebuild is a stub of github.com/pulumi/pulumi-aws/sdk/v6/go/aws/codebuild.
package codebuild

import (
	"reflect"

	"github.com/pulumi/pulumi/sdk/v3/go/pulumi"
)

type Project struct{ pulumi.CustomResourceState }

type ProjectEnvironmentInput interface{ pulumi.Input }

type ProjectEnvironmentArgs struct {
	Image                pulumi.StringInput
	EnvironmentVariables ProjectEnvironmentEnvironmentVariableArray
}

func (ProjectEnvironmentArgs) ElementType() reflect.Type { return nil }

type ProjectEnvironmentEnvironmentVariableArray []ProjectEnvironmentEnvironmentVariableArgs

type ProjectEnvironmentEnvironmentVariableArgs struct {
	Name  pulumi.StringInput
	Value pulumi.StringInput
}

type ProjectArgs struct {
	Environment ProjectEnvironmentInput
	Name        pulumi.StringPtrInput
}

func NewProject(ctx *pulumi.Context, name string, args *ProjectArgs, opts ...pulumi.ResourceOption) (*Project, error) {
	return &Project{}, nil
}
