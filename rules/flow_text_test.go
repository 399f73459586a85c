package rules

import (
	"encoding/base64"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// The text checks of the flow: an assignment to a variable named like a
// key, and a store's name spelled in text. Both decide findings on real
// user data, so the near misses are pinned as well as the hits.
func TestKeyInText(t *testing.T) {
	cases := []struct {
		text    string
		unknown bool // the text is the pattern of an unknown string
		want    string
	}{
		{text: "export AWS_SECRET_ACCESS_KEY=*\n", unknown: true, want: "AWS_SECRET_ACCESS_KEY"},
		{text: "echo 'export AWS_ACCESS_KEY_ID=*' >> /tmp/profile", unknown: true, want: "AWS_ACCESS_KEY_ID"},
		{text: "[default]\naws_secret_access_key = *\n", unknown: true, want: "aws_secret_access_key"},
		{text: `[{"name":"aws-secret-access-key","value":"*"}]`, unknown: true, want: "aws-secret-access-key"},
		{text: `[{"value":"*","name":"AWS_ACCESS_KEY_ID"}]`, unknown: true, want: "AWS_ACCESS_KEY_ID"},
		{text: `{"name":"AWS_SECRET_ACCESS_KEY","valueFrom":"arn:aws:ssm:eu-west-1:111122223333:parameter/x"}`, want: "AWS_SECRET_ACCESS_KEY"},
		{text: "AWS_SECRET_ACCESS_KEY: abcdefghijABCDEFGHIJ0123456789abcdefghij", want: "AWS_SECRET_ACCESS_KEY"},
		{text: base64.StdEncoding.EncodeToString([]byte("export AWS_SECRET_ACCESS_KEY=abcdefghijABCDEFGHIJ0123456789abcdefghij")), want: "AWS_SECRET_ACCESS_KEY"},
		{text: "aws configure set aws_secret_access_key *", unknown: true, want: "aws_secret_access_key"},
		{text: "aws configure set profile.ci.aws_access_key_id *", unknown: true, want: "aws_access_key_id"},
		// Not key material in the text.
		{text: "export AWS_SECRET_ACCESS_KEY=$(cat /run/secrets/aws)"},
		{text: "export AWS_SECRET_ACCESS_KEY=$SECRET"},
		{text: "export AWS_SECRET_ACCESS_KEY=\nexport AWS_REGION=*", unknown: true},
		{text: "export AWS_SECRET_ACCESS_KEY=wJalrXUtnFEMI/K7MDENG/bPxRfiCYEXAMPLEKEY"},
		{text: "export AWS_SECRET_ACCESS_KEY=<your-secret>"},
		{text: "aws configure set aws_secret_access_key $AWS_SECRET_ACCESS_KEY"},
		{text: "MY_AWS_SECRET_ACCESS_KEY_FILE=/run/secrets/aws"},
		{text: "aws.secretAccessKey: *", unknown: true, want: "aws.secretAccessKey"},
		{text: "MY.AWS_SECRET_ACCESS_KEY=*", unknown: true},
	}
	for _, c := range cases {
		v := &model.Value{Kind: model.String, Str: c.text}
		if c.unknown {
			v = &model.Value{Kind: model.Unknown, Pattern: c.text}
		}
		got, _ := keyInText(v)
		if got != c.want {
			t.Errorf("keyInText(%q) = %q, want %q", c.text, got, c.want)
		}
	}
}

func TestSpells(t *testing.T) {
	cases := []struct {
		text, name string
		want       bool
	}{
		{"aws ssm get-parameter --name /app/aws-secret", "/app/aws-secret", true},
		{"arn:aws:ssm:eu-west-1:111122223333:parameter/app/aws-secret", "app/aws-secret", true},
		{"arn:aws:secretsmanager:eu-west-1:111122223333:secret:app/creds-AbC123", "app/creds", true},
		{"app/creds:secret::", "app/creds", true},
		{"arn:aws:ssm:*:*:parameter/app/aws-secret", "/app/aws-secret", true},
		{"/app/aws-secret-rotation-date", "/app/aws-secret", false},
		{`"parameter/app/aws-secret-old"}]`, "/app/aws-secret", false},
		{"/app/aws-secret.old", "/app/aws-secret", false},
		{"myapp/creds", "app/creds", false},
	}
	for _, c := range cases {
		if got := spells(c.text, c.name); got != c.want {
			t.Errorf("spells(%q, %q) = %v, want %v", c.text, c.name, got, c.want)
		}
	}
}
