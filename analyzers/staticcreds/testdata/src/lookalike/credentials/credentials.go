// Package credentials is not the AWS SDK: it only shares names with it.
package credentials

func NewStaticCredentialsProvider(key, secret, session string) string { return key }

type Value struct{ AccessKeyID, SecretAccessKey string }
