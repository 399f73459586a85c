package service

import (
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func config() aws.Config {
	return aws.Config{
		Credentials: credentials.NewStaticCredentialsProvider(os.Getenv("KEY"), os.Getenv("SECRET"), ""), // want `warning: static credentials from os.Getenv\("KEY"\)`
	}
}
