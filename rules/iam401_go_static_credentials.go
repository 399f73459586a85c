package rules

import "github.com/iamlint/iamlint/parsers/model"

var goStaticCredentials = &Rule{
	ID:        "IAM401",
	Name:      "go-static-credentials",
	Level:     model.Error,
	Short:     "Go code builds AWS SDK credentials from static keys",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "go"},
	Doc: Doc{
		Why: "credentials.NewStaticCredentialsProvider, credentials.NewStaticCredentials and aws.Credentials{...} " +
			"pin an AWS SDK for Go client to one long-term key. With literal keys (error) the key is in the source; read " +
			"from the environment, flags or configuration (warning), it still bypasses the SDK's default credential " +
			"chain, which would pick up the instance role, the ECS task role, IRSA or an assumed role on its own. " +
			"The analyzer resolves the SDK's real package paths through type information (analyzers/staticcreds); " +
			"a static provider kept only as a fallback to the default chain, or used with a literal custom endpoint such " +
			"as MinIO or LocalStack, is not reported, nor are placeholder keys (\"minio\", \"test\") next to a custom " +
			"endpoint. An endpoint that may be empty (a parameter, an environment variable) is AWS itself when it is, so " +
			"it silences nothing; an optional session token from the application's settings does not make keys " +
			"temporary; empty keys are anonymous only in SDK v1 (v2: aws.AnonymousCredentials{}).",
		Fix: "Load configuration with config.LoadDefaultConfig(ctx) (v2) or session.NewSession() (v1) and no explicit " +
			"credentials; use stscreds.NewAssumeRoleProvider to assume a role.",
		Examples: []Example{
			{Language: model.Go, Bad: true, Code: `package main

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/config"
	"github.com/aws/aws-sdk-go-v2/credentials"
)

func main() {
	creds := credentials.NewStaticCredentialsProvider(os.Getenv("APP_KEY_ID"), os.Getenv("APP_SECRET"), "")
	_, _ = config.LoadDefaultConfig(context.Background(), config.WithCredentialsProvider(creds))
}
`},
			{Language: model.Go, Code: `package main

import (
	"context"

	"github.com/aws/aws-sdk-go-v2/config"
)

func main() {
	_, _ = config.LoadDefaultConfig(context.Background())
}
`},
		},
	},
	// The Go front-end (analyzers/staticcreds) finds these on type-checked
	// code; the engine hands its reports to this rule.
	Languages: []model.Language{model.Go},
	Reads:     Reads{}, // the Go front-end reports it (model.Project.Reports)
	Check:     func(*Pass) {},
}
