// Package awscdk is a stub of github.com/aws/aws-cdk-go/awscdk/v2.
package awscdk

import "github.com/aws/constructs-go/constructs/v10"

type SecretValue interface {
	UnsafeUnwrap() *string
	ToString() *string
}

type App interface {
	constructs.Construct
	Synth(options interface{}) interface{}
}

func NewApp(props interface{}) App { return nil }

type StackProps struct{}

type Stack interface{ constructs.Construct }

func NewStack(scope constructs.Construct, id *string, props *StackProps) Stack { return nil }

type CfnOutputProps struct {
	Value      *string
	ExportName *string
}

type CfnOutput interface{ constructs.Construct }

func NewCfnOutput(scope constructs.Construct, id *string, props *CfnOutputProps) CfnOutput {
	return nil
}
