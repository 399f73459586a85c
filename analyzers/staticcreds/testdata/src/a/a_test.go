package a

import (
	"testing"

	awscreds "github.com/aws/aws-sdk-go-v2/credentials"
)

// Tests talk to local endpoints with fake keys: no IAM401 here.
func TestLocalStack(t *testing.T) {
	_ = awscreds.NewStaticCredentialsProvider("test", "test", "")
}
