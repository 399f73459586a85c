// Command realsdk builds AWS clients the ways IAM401 is about, against the
// real github.com/aws/aws-sdk-go-v2 modules.
package main

import (
	"context"
	"log"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func main() {
	ctx := context.Background()

	// The default chain: instance or task role. Fine.
	if _, err := config.LoadDefaultConfig(ctx); err != nil {
		log.Fatal(err)
	}

	// Literals.
	if _, err := config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
		credentials.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""))); err != nil {
		log.Fatal(err)
	}

	// From the environment, where the default chain would look itself.
	cfg := aws.Config{
		Region:      "eu-west-1",
		Credentials: aws.NewCredentialsCache(credentials.NewStaticCredentialsProvider(os.Getenv("APP_KEY_ID"), os.Getenv("APP_SECRET"), "")),
	}
	_ = cfg

	// A provider function returning static values.
	_ = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: os.Getenv("K"), SecretAccessKey: os.Getenv("S")}, nil
	})
}
