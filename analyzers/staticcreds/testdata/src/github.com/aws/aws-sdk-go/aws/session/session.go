// Package session is a stub of github.com/aws/aws-sdk-go/aws/session.
package session

import "github.com/aws/aws-sdk-go/aws"

type Session struct{}

func NewSession(cfgs ...*aws.Config) (*Session, error) { return &Session{}, nil }
