// Package credentials is a stub of github.com/aws/aws-sdk-go/aws/credentials.
package credentials

type Value struct {
	AccessKeyID     string
	SecretAccessKey string
	SessionToken    string
	ProviderName    string
}

type Credentials struct{}

type StaticProvider struct {
	Value
}

func NewStaticCredentials(id, secret, token string) *Credentials { return &Credentials{} }

func NewStaticCredentialsFromCreds(creds Value) *Credentials { return &Credentials{} }
