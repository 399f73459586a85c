// Package awsec2 is a stub of github.com/aws/aws-cdk-go/awscdk/v2/awsec2.
package awsec2

import "github.com/aws/constructs-go/constructs/v10"

type UserData interface {
	AddCommands(commands ...*string)
	Render() *string
}

type LinuxUserDataOptions struct{ Shebang *string }

func UserData_ForLinux(options *LinuxUserDataOptions) UserData { return nil }

type InstanceProps struct {
	InstanceType interface{}
	UserData     UserData
}

type Instance interface{ constructs.Construct }

func NewInstance(scope constructs.Construct, id *string, props *InstanceProps) Instance { return nil }

type CfnInstanceProps struct {
	ImageId  *string
	UserData *string
}

type CfnInstance interface{ constructs.Construct }

func NewCfnInstance(scope constructs.Construct, id *string, props *CfnInstanceProps) CfnInstance {
	return nil
}
