package a

import (
	"context"
	"os"

	"github.com/aws/aws-sdk-go-v2/aws"
	"github.com/aws/aws-sdk-go-v2/config"
	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
	"github.com/aws/aws-sdk-go/aws/credentials"
)

// Credentials built as a value first, then handed to a provider: one
// finding, at the provider.
func credentialsValue() aws.Config {
	creds := aws.Credentials{AccessKeyID: os.Getenv("APP_KEY"), SecretAccessKey: os.Getenv("APP_SECRET")}
	return aws.Config{Credentials: awscreds.StaticCredentialsProvider{Value: creds}} // want `warning: static credentials from os.Getenv\("APP_KEY"\) in credentials.StaticCredentialsProvider`
}

// A credentials literal from the environment or flags, wherever it goes.
func credentialsLiteralFromEnv() aws.Credentials {
	return aws.Credentials{AccessKeyID: os.Getenv("APP_KEY"), SecretAccessKey: os.Getenv("APP_SECRET")} // want `warning: static credentials from os.Getenv\("APP_KEY"\) in aws.Credentials`
}

func credentialsLiteralFromFlags() aws.Credentials {
	return aws.Credentials{AccessKeyID: *flagKey, SecretAccessKey: *flagSecret} // want `warning: static credentials from \*flagKey in aws.Credentials`
}

// SDK v1's credentials.Value, in a variable, then in a provider.
func v1Value() *credentials.StaticProvider {
	v := credentials.Value{AccessKeyID: os.Getenv("APP_KEY"), SecretAccessKey: os.Getenv("APP_SECRET")}
	return &credentials.StaticProvider{Value: v} // want `warning: static credentials from os.Getenv\("APP_KEY"\) in credentials.StaticProvider`
}

// Empty keys are anonymous only in SDK v1; v2 fails at the first request.
func v2EmptyKeys() {
	_ = awscreds.NewStaticCredentialsProvider("", "", "") // want `warning: empty static credentials in credentials.NewStaticCredentialsProvider are not anonymous in SDK v2`
}

// An endpoint that may be empty is AWS itself when it is.
func maybeCustomEndpoint(ctx context.Context, endpoint string) aws.Config {
	cfg := aws.Config{Credentials: awscreds.NewStaticCredentialsProvider(os.Getenv("APP_KEY"), os.Getenv("APP_SECRET"), "")} // want `warning: static credentials from os.Getenv\("APP_KEY"\) in credentials.NewStaticCredentialsProvider; when the endpoint is not set, the client talks to AWS`
	if endpoint != "" {
		cfg.BaseEndpoint = aws.String(endpoint)
	}
	return cfg
}

// appSettings stands for an application's configuration: the session
// token is an option, usually empty.
type appSettings struct{ AccessKey, SecretKey, SessionToken string }

func optionalSessionToken(s appSettings) {
	_ = awscreds.NewStaticCredentialsProvider(s.AccessKey, s.SecretKey, s.SessionToken) // want `warning: static credentials from s.AccessKey in credentials.NewStaticCredentialsProvider`
}

// Not findings: v2's anonymous credentials; emulator or placeholder keys
// next to a custom endpoint, literal or not; keys from the environment
// next to a literal endpoint that is not AWS.
func anonymousV2() aws.Config {
	return aws.Config{Credentials: aws.AnonymousCredentials{}}
}

func minio() aws.Config {
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider("minio", "miniominio", ""),
		BaseEndpoint: aws.String("http://minio:9000"),
	}
}

func localstack(ctx context.Context, endpoint string) {
	_, _ = config.LoadDefaultConfig(ctx,
		config.WithCredentialsProvider(awscreds.NewStaticCredentialsProvider("test", "test", "")),
		config.WithBaseEndpoint(endpoint))
}

func minioFromEnv() aws.Config {
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider(os.Getenv("MINIO_ACCESS_KEY"), os.Getenv("MINIO_SECRET_KEY"), ""),
		BaseEndpoint: aws.String("http://minio.storage.svc:9000"),
	}
}

// The endpoint comes from the environment, but the function admits only a
// local one.
func composeDemo() aws.Config {
	endpoint := os.Getenv("S3_ENDPOINT")
	if endpoint != "http://s3:7070" {
		return aws.Config{}
	}
	return aws.Config{
		Credentials:  awscreds.NewStaticCredentialsProvider(os.Getenv("S3_KEY"), os.Getenv("S3_SECRET"), ""),
		BaseEndpoint: aws.String(endpoint),
	}
}

// Not a finding: the SDK's own variables read into a value, as a
// credentials tool does to show what is exported; the default chain reads
// them first anyway.
func exportedCredentials() aws.Credentials {
	return aws.Credentials{AccessKeyID: os.Getenv("AWS_ACCESS_KEY_ID"), SecretAccessKey: os.Getenv("AWS_SECRET_ACCESS_KEY"), SessionToken: os.Getenv("AWS_SESSION_TOKEN")}
}
