package terraform

import (
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// benchSeeds are what the whole catalog reads, spelled out here since the
// parser does not import the rules.
var benchSeeds = Seeds{
	Types:     set([]string{"aws_iam_access_key", "aws_iam_user", "aws_iam_user_policy", "aws_iam_user_policy_attachment", "aws_iam_policy_attachment", "aws_iam_user_login_profile", "aws_iam_openid_connect_provider"}),
	Data:      set([]string{"terraform_remote_state"}),
	Providers: map[string][][]byte{"aws": {[]byte("access_key"), []byte("secret_key"), []byte("token"), []byte("allowed_account_ids"), []byte("assume_role")}},
	Backends:  map[string][][]byte{"s3": {[]byte("access_key"), []byte("secret_key"), []byte("token")}},
	Policies:  true, Literals: true, Flow: true,
	Sinks: Sinks{Types: set([]string{"aws_instance", "aws_lambda_function", "github_actions_secret", "aws_ssm_parameter", "kubernetes_secret"})},
}

// BenchmarkSketchSelect sketches and selects every .tf file of the
// repository's test data, as one directory per source directory: the
// byte-level work the selection adds before any parsing.
func BenchmarkSketchSelect(b *testing.B) {
	dirs := map[string]map[string][]byte{}
	for _, root := range []string{"../../testdata", "../../cmd/iamlint/internal/scan/testdata", "testdata"} {
		_ = filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
			if err != nil || d.IsDir() || !strings.HasSuffix(path, ".tf") {
				return nil
			}
			src, err := os.ReadFile(path)
			if err == nil {
				dir := filepath.Dir(path)
				if dirs[dir] == nil {
					dirs[dir] = map[string][]byte{}
				}
				dirs[dir][path] = src
			}
			return nil
		})
	}
	if len(dirs) == 0 {
		b.Skip("no test data")
	}
	b.ResetTimer()
	for b.Loop() {
		for _, files := range dirs {
			var sketches []*Sketch
			for path, src := range files {
				sketches = append(sketches, NewSketch(path, src))
			}
			SelectBlocks(sketches, benchSeeds)
		}
	}
}
