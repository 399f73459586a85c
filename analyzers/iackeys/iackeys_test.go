package iackeys_test

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/analyzers"
	"github.com/iamlint/iamlint/analyzers/iackeys"
)

func TestPulumi(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), iackeys.Analyzer, "pulumiapp")
	// The exact range of each finding: the expression carrying the key
	// inside the sink, and the key's creation as the related location.
	want := map[string]string{
		"main.go:31 IAM101":  "userData",
		"main.go:40 IAM101":  "script",
		"main.go:44 IAM101":  "key.Secret",
		"main.go:52 IAM102":  "key.Secret",
		"main.go:60 IAM102":  "key.Secret",
		"main.go:70 IAM103":  "key.Secret",
		"main.go:74 IAM104":  "key.ID()",
		"main.go:83 IAM105":  `iamv5.NewAccessKey(ctx, "unused", &iamv5.AccessKeyArgs{User: user.Name})`,
		"main.go:84 IAM105":  `iam.NewAccessKey(ctx, "old", &iam.AccessKeyArgs{User: user.Name, Status: pulumi.String("Inactive")})`,
		"main.go:85 IAM105":  `iam.NewAccessKey(ctx, "smtp", &iam.AccessKeyArgs{User: user.Name})`,
		"main.go:106 IAM102": "b.secret",
	}
	checkRanges(t, results, want, `iam.NewAccessKey(ctx, "deploy", &iam.AccessKeyArgs{User: user.Name})`)
}

func TestCDK(t *testing.T) {
	results := analysistest.Run(t, analysistest.TestData(), iackeys.Analyzer, "cdkapp")
	want := map[string]string{
		"main.go:20 IAM101": "ud",
		"main.go:24 IAM102": "key.AccessKeyId()",
		"main.go:26 IAM102": "key.SecretAccessKey()",
		"main.go:31 IAM104": "cfn.AttrSecretAccessKey()",
		"main.go:34 IAM105": `awsiam.NewAccessKey(stack, jsii.String("Old"), &awsiam.AccessKeyProps{User: user, Status: awsiam.AccessKeyStatus_INACTIVE})`,
	}
	checkRanges(t, results, want, "")
}

// checkRanges compares the source text of each diagnostic's range, keyed by
// "file:line rule", and checks that flow findings name the key's creation.
func checkRanges(t *testing.T, results []*analysistest.Result, want map[string]string, related string) {
	t.Helper()
	got := map[string]string{}
	for _, r := range results {
		for _, d := range r.Diagnostics {
			start, end := r.Pass.Fset.Position(d.Pos), r.Pass.Fset.Position(d.End)
			src, err := os.ReadFile(start.Filename)
			if err != nil {
				t.Fatal(err)
			}
			key := fmt.Sprintf("%s:%d %s", filepath.Base(start.Filename), start.Line, d.Category)
			got[key] = string(src[start.Offset:end.Offset])
			if lvl := analyzers.Level(d); !strings.HasPrefix(d.Message, lvl.String()+": ") {
				t.Errorf("%s: no level in %q", key, d.Message)
			}
			if d.Category == analyzers.IAM105 {
				continue
			}
			if len(d.Related) != 1 {
				t.Errorf("%s: want 1 related location, got %d", key, len(d.Related))
				continue
			}
			rs, re := r.Pass.Fset.Position(d.Related[0].Pos), r.Pass.Fset.Position(d.Related[0].End)
			if text := string(src[rs.Offset:re.Offset]); related != "" && text != related {
				t.Errorf("%s: related location is %q, want %q", key, text, related)
			}
		}
	}
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s: range is %q, want %q", k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("unexpected diagnostic %s on %q", k, got[k])
		}
	}
}
