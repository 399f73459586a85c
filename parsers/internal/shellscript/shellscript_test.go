package shellscript_test

import (
	"fmt"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/shellscript"
	"github.com/iamlint/iamlint/parsers/model"
)

// at is the text of a range in src.
func at(src string, r model.Range) string { return src[r.Start.Byte:r.End.Byte] }

// A script embedded in a host file (a YAML block scalar, every line
// indented): the caller passes the script without its indentation and
// where each line starts; every range points into the host.
func TestEmbeddedRanges(t *testing.T) {
	host := `jobs:
  deploy:
    steps:
      - run: |
          SECRET=$(aws iam create-access-key --user-name ci \
            --query AccessKey.SecretAccessKey --output text)
          # iamlint:ignore IAM103 moving to OIDC in Q3
          gh secret set AWS_SECRET_ACCESS_KEY --body "$SECRET"
          aws iam create-role --role-name r --assume-role-policy-document '{"Statement": [{"Effect": "Allow", "Principal": {"AWS": "*"}}]}'
          export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN
`
	lines := model.NewLineIndex([]byte(host))
	const indent = 10
	var script strings.Builder
	var starts []model.Pos
	for i := 4; i < len(lines)-1; i++ { // lines 5.. of the host are the block
		line := host[lines[i]:lines[i+1]]
		starts = append(starts, lines.Pos(lines[i]+indent))
		script.WriteString(line[indent:])
	}
	src := []byte(script.String())
	res := shellscript.Lower(shellscript.Script{
		Path: "ci.yml", Src: src, Pos: shellscript.LineStarts(src, starts), Prefix: "jobs.deploy.steps[0]",
	})
	for _, d := range res.Diagnostics {
		t.Errorf("diagnostic: %v", d)
	}
	var got []string
	for _, r := range res.Resources {
		got = append(got, fmt.Sprintf("%s %d:%d %q", r.Address, r.Range.Start.Line, r.Range.Start.Column, at(host, r.Range)))
	}
	want := []string{
		`jobs.deploy.steps[0]: aws iam create-access-key ci 5:20 "aws iam create-access-key"`,
		`jobs.deploy.steps[0]: gh secret set AWS_SECRET_ACCESS_KEY 8:11 "gh secret set"`,
		`jobs.deploy.steps[0]: aws iam create-role r 9:11 "aws iam create-role"`,
		`jobs.deploy.steps[0]: aws credentials AWS_ACCESS_KEY_ID 10:18 "AWS_ACCESS_KEY_ID"`,
	}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("resources:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	key := res.Resources[0]
	// The option on the continued line keeps its own place.
	if q := key.Body.GetAttr("query"); q == nil || at(host, q.Value.Range) != "AccessKey.SecretAccessKey" || q.Value.Range.Start.Line != 6 {
		t.Errorf("query: %+v", q)
	}
	// The principal inside the inline JSON.
	role := res.Resources[2]
	pr := role.Policies[0].Policy.Statements[0].Principals[0]
	if at(host, pr.Range) != `"*"` || pr.Range.Start.Line != 9 {
		t.Errorf("principal at %v: %q", pr.Range, at(host, pr.Range))
	}
	// The value stored as a secret reads $SECRET, at its place in the host.
	secret := res.Resources[1].Body.Get("value")
	if len(secret.Refs) != 1 || secret.Refs[0].Kind != model.RefLocal || at(host, secret.Refs[0].Range) != `$SECRET` {
		t.Errorf("secret value refs: %+v", secret.Refs)
	}
	// $SECRET holds the key's secret; its name keeps it apart from a
	// $SECRET of another block of the file.
	if len(res.Locals) < 1 || res.Locals[0].Name != "jobs.deploy.steps[0]: SECRET" || res.Locals[0].Label != "$SECRET" ||
		len(secret.Refs) == 0 || secret.Refs[0].Name != res.Locals[0].Name {
		t.Fatalf("locals: %+v", res.Locals)
	}
	refs := res.Locals[0].Value.AllRefs()
	if len(refs) != 1 || refs[0].Kind != model.RefResource || refs[0].Name != key.Address || refs[0].Attr != "SecretAccessKey" {
		t.Errorf("SECRET reads %+v", refs)
	}
	if len(res.Suppressions) != 1 || at(host, res.Suppressions[0].Range) != "# iamlint:ignore IAM103 moving to OIDC in Q3" ||
		!strings.HasPrefix(at(host, res.Suppressions[0].Scope), "gh secret set") {
		t.Errorf("suppressions: %+v", res.Suppressions)
	}
	var lits []string
	for _, l := range res.Literals {
		if strings.Contains(l.Raw, "AKIA") {
			lits = append(lits, at(host, l.Range))
		}
	}
	if len(lits) != 1 || lits[0] != "export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN" {
		t.Errorf("literals with a key: %q", lits)
	}
}

// The ways a script captures what create-access-key prints, and the part
// of the key each gives.
func TestKeyCapture(t *testing.T) {
	for _, c := range []struct{ script, attr string }{
		{`X=$(aws iam create-access-key --user-name u)`, ""},
		{`X=$(aws iam create-access-key --user-name u --query AccessKey.SecretAccessKey --output text)`, "SecretAccessKey"},
		{`X=$(aws iam create-access-key --user-name u --query 'AccessKey.AccessKeyId' --output text)`, "AccessKeyId"},
		{`X=$(aws iam create-access-key --user-name u | jq -r .AccessKey.SecretAccessKey)`, "SecretAccessKey"},
		{`X=$(aws iam create-access-key --user-name u | jq -r '.AccessKey.AccessKeyId')`, "AccessKeyId"},
		{"X=`aws iam create-access-key --user-name u --output text | awk '{print $2}'`", ""},
		{`read -r X <<< "$(aws iam create-access-key --user-name u --query AccessKey.SecretAccessKey --output text)"`, "SecretAccessKey"},
		{`X=$(aws iam create-access-key --user-name u --query AccessKey.UserName --output text)`, "-"},
		{`X=$(aws iam create-access-key --user-name u | jq -r .AccessKey.Status)`, "-"},
	} {
		res := shellscript.Lower(shellscript.Script{Path: "s.sh", Src: []byte(c.script + "\n")})
		if len(res.Diagnostics) > 0 || len(res.Locals) != 1 {
			t.Errorf("%s: diagnostics %v, locals %d", c.script, res.Diagnostics, len(res.Locals))
			continue
		}
		refs := res.Locals[0].Value.AllRefs()
		switch {
		case c.attr == "-":
			if len(refs) != 0 {
				t.Errorf("%s: reads %v, want nothing", c.script, refs)
			}
		case len(refs) != 1 || refs[0].Kind != model.RefResource || refs[0].Attr != c.attr || refs[0].Name != "aws iam create-access-key u":
			t.Errorf("%s: reads %+v, want the key's %q", c.script, refs, c.attr)
		}
	}
}

// A policy with a variable inside parses; the strings that hold the
// variable are unknown, with what is known as their pattern.
func TestPolicyWithVariables(t *testing.T) {
	src := "cat > trust.json <<EOF\n{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": {\"AWS\": \"arn:aws:iam::${ACCOUNT}:root\"}}]}\nEOF\n" +
		"aws iam create-role --role-name r --assume-role-policy-document file://trust.json\n"
	res := shellscript.Lower(shellscript.Script{Path: "s.sh", Src: []byte(src)})
	var role *model.Resource
	for _, r := range res.Resources {
		if r.Type == "aws iam create-role" {
			role = r
		}
	}
	if role == nil || len(role.Policies) != 1 {
		t.Fatalf("no policy: %+v %v", res.Resources, res.Diagnostics)
	}
	st := role.Policies[0].Policy.Statements[0]
	pr := st.Principals[0]
	if pr.Known || pr.Pattern != "arn:aws:iam::*:root" || at(src, pr.Range) != `"arn:aws:iam::${ACCOUNT}:root"` {
		t.Errorf("principal %+v at %q", pr, at(src, pr.Range))
	}
	if !st.Effect.Known || st.Effect.Value != "Allow" || at(src, st.Effect.Range) != `"Allow"` {
		t.Errorf("effect %+v", st.Effect)
	}
}
