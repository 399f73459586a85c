package a

import (
	"context"
	"flag"
	"os"
	"time"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	v1 "github.com/aws/aws-sdk-go/aws"
	"github.com/aws/aws-sdk-go/aws/credentials"
	"github.com/aws/aws-sdk-go/aws/session"

	fake "lookalike/credentials"
)

const deployKeyID = "AKIA2OGYBAH6STMMNXNN" // want `error: access key ID "AKIA[A-Z2-7]+" is hard-coded; remove it, rotate the key, and use a role instead`

func literals(ctx context.Context) {
	_, _ = config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
		awscreds.NewStaticCredentialsProvider("AKIAIOSFODNN7EXAMPLE", "wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY", ""))) // want `error: static credentials from literals in credentials.NewStaticCredentialsProvider; remove them and let the default credential chain use the instance or task role` `note: access key ID "AKIA[A-Z0-9]+" is hard-coded; it is AWS's documentation example` `note: secret access key "wJal\*{8}" is hard-coded`

	// A constant is a literal too.
	_ = awscreds.NewStaticCredentialsProvider(deployKeyID, secretFromVault(), "") // want `error: static credentials from literals in credentials.NewStaticCredentialsProvider`

	_ = aws.Config{
		Credentials: awscreds.StaticCredentialsProvider{ // want `error: static credentials from literals in credentials.StaticCredentialsProvider`
			Value: aws.Credentials{AccessKeyID: "AKID", SecretAccessKey: "SECRET"},
		},
	}
}

func fromEnvironment(ctx context.Context) {
	_, _ = config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(
		awscreds.NewStaticCredentialsProvider(os.Getenv("APP_AWS_KEY"), os.Getenv("APP_AWS_SECRET"), ""))) // want `warning: static credentials from os.Getenv\("APP_AWS_KEY"\) in credentials.NewStaticCredentialsProvider; let the default credential chain find them, so that the instance or task role is used where there is one`

	key := os.Getenv("AWS_ACCESS_KEY_ID")
	secret := os.Getenv("AWS_SECRET_ACCESS_KEY")
	token := os.Getenv("AWS_SESSION_TOKEN")
	_ = awscreds.NewStaticCredentialsProvider(key, secret, token) // want `warning: static credentials from os.Getenv\("AWS_ACCESS_KEY_ID"\) in credentials.NewStaticCredentialsProvider`

	_ = aws.CredentialsProviderFunc(func(context.Context) (aws.Credentials, error) {
		return aws.Credentials{AccessKeyID: key, SecretAccessKey: secret}, nil // want `warning: static credentials from os.Getenv\("AWS_ACCESS_KEY_ID"\) in aws.CredentialsProviderFunc`
	})
}

var (
	flagKey    = flag.String("aws-key", "", "access key ID")
	flagSecret = flag.String("aws-secret", "", "secret access key")
)

func fromFlags() {
	_ = awscreds.NewStaticCredentialsProvider(*flagKey, *flagSecret, "") // want `warning: static credentials from \*flagKey in credentials.NewStaticCredentialsProvider`
}

// stsOutput stands for the credentials an sts:AssumeRole call returns:
// they say when they expire.
type stsOutput struct {
	AccessKeyId, SecretAccessKey, SessionToken *string
	Expiration                                 *time.Time
}

func temporary(out stsOutput) {
	// Temporary credentials with a session token from STS: not a long-term key.
	_ = awscreds.NewStaticCredentialsProvider(*out.AccessKeyId, *out.SecretAccessKey, *out.SessionToken)
}

// vaultProvider is a custom provider: the credentials it builds are not
// static.
type vaultProvider struct{ id, secret string }

func (p vaultProvider) Retrieve(context.Context) (aws.Credentials, error) {
	return aws.Credentials{AccessKeyID: p.id, SecretAccessKey: p.secret, CanExpire: true}, nil
}

func literalCredentialsAnywhere() aws.Credentials {
	return aws.Credentials{AccessKeyID: "AKIDLITERAL", SecretAccessKey: "not-a-real-secret"} // want `error: static credentials from literals in aws.Credentials`
}

// Empty keys are anonymous in SDK v1 (v2's form is aws.AnonymousCredentials).
func anonymous() {
	_ = credentials.NewStaticCredentials("", "", "")
	_ = aws.Config{Credentials: aws.AnonymousCredentials{}}
}

func v1Session() {
	_, _ = session.NewSession(&v1.Config{
		Region:      v1.String("eu-west-1"),
		Credentials: credentials.NewStaticCredentials("AKID", "SECRET", ""), // want `error: static credentials from literals in credentials.NewStaticCredentials;`
	})
	_ = credentials.NewStaticCredentialsFromCreds(credentials.Value{ // want `warning: static credentials from os.Getenv\("KEY"\) in credentials.NewStaticCredentialsFromCreds`
		AccessKeyID:     os.Getenv("KEY"),
		SecretAccessKey: os.Getenv("SECRET"),
	})
	_ = &credentials.StaticProvider{Value: credentials.Value{AccessKeyID: "AKID", SecretAccessKey: "SECRET"}} // want `error: static credentials from literals in credentials.StaticProvider`
}

func lookalikes() {
	_ = fake.NewStaticCredentialsProvider("AKID", "SECRET", "")
	_ = fake.Value{AccessKeyID: "AKID", SecretAccessKey: "SECRET"}
}

func secretFromVault() string { return "" }

// optionalKeys falls back to the default chain when no key is configured:
// the static provider is an option, not the rule.
func optionalKeys(ctx context.Context, key, secret string) {
	if key != "" {
		_, _ = config.LoadDefaultConfig(ctx, config.WithCredentialsProvider(awscreds.NewStaticCredentialsProvider(key, secret, "")))
		return
	}
	_, _ = config.LoadDefaultConfig(ctx)
}

// s3Compatible talks to an S3-compatible store, where no role exists.
func s3Compatible(ctx context.Context) aws.Config {
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider(os.Getenv("R2_KEY"), os.Getenv("R2_SECRET"), ""),
		BaseEndpoint: aws.String("https://0123456789abcdef.r2.cloudflarestorage.com"),
	}
}

// An endpoint parameter may be empty, and then the client talks to AWS.
func maybeS3Compatible(ctx context.Context, endpoint string) aws.Config {
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider(os.Getenv("R2_KEY"), os.Getenv("R2_SECRET"), ""), // want `warning: static credentials from os.Getenv\("R2_KEY"\) in credentials.NewStaticCredentialsProvider; when the endpoint is not set`
		BaseEndpoint: aws.String(endpoint),
	}
}

// A literal AWS key is reported even next to a custom endpoint.
func s3CompatibleLiteral() aws.Config {
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider(deployKeyID, os.Getenv("SECRET"), ""), // want `error: static credentials from literals`
		BaseEndpoint: aws.String("http://localhost:9000"),
	}
}
