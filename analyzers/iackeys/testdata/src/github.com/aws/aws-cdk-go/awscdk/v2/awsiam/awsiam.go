// Package awsiam is a stub of github.com/aws/aws-cdk-go/awscdk/v2/awsiam.
package awsiam

import (
	"github.com/aws/aws-cdk-go/awscdk/v2"
	"github.com/aws/constructs-go/constructs/v10"
)

type IUser interface {
	constructs.Construct
	UserName() *string
}

type User interface{ IUser }

type UserProps struct{ UserName *string }

func NewUser(scope constructs.Construct, id *string, props *UserProps) User { return nil }

type AccessKeyStatus string

const (
	AccessKeyStatus_ACTIVE   AccessKeyStatus = "Active"
	AccessKeyStatus_INACTIVE AccessKeyStatus = "Inactive"
)

type AccessKeyProps struct {
	User   IUser
	Serial *float64
	Status AccessKeyStatus
}

type AccessKey interface {
	constructs.Construct
	AccessKeyId() *string
	SecretAccessKey() awscdk.SecretValue
}

func NewAccessKey(scope constructs.Construct, id *string, props *AccessKeyProps) AccessKey {
	return nil
}

type CfnAccessKeyProps struct {
	UserName *string
	Status   *string
}

type CfnAccessKey interface {
	constructs.Construct
	Ref() *string
	AttrSecretAccessKey() *string
}

func NewCfnAccessKey(scope constructs.Construct, id *string, props *CfnAccessKeyProps) CfnAccessKey {
	return nil
}
