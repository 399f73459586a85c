// Package constructs is a stub of github.com/aws/constructs-go/constructs/v10.
package constructs

type Node interface{ Id() *string }

type Construct interface{ Node() Node }
