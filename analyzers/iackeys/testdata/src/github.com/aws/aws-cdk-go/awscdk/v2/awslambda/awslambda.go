// Package awslambda is a stub of github.com/aws/aws-cdk-go/awscdk/v2/awslambda.
package awslambda

import "github.com/aws/constructs-go/constructs/v10"

type EnvironmentOptions struct{ RemoveInEdge *bool }

type Function interface {
	constructs.Construct
	AddEnvironment(key *string, value *string, options *EnvironmentOptions) Function
}

type FunctionProps struct {
	Handler     *string
	Environment *map[string]*string
}

func NewFunction(scope constructs.Construct, id *string, props *FunctionProps) Function { return nil }
