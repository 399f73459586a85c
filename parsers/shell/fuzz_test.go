package shell_test

import (
	"testing"

	"github.com/iamlint/iamlint/parsers/internal/shellscript"
	"github.com/iamlint/iamlint/parsers/model"
)

// FuzzScript: no script makes the lowering panic, every range it returns
// lies within the script, and a script that does not parse says where.
func FuzzScript(f *testing.F) {
	for _, seed := range []string{
		"aws iam create-user --user-name ci\naws iam attach-user-policy --user-name ci --policy-arn x\n",
		"K=$(aws iam create-access-key --user-name u --query AccessKey.SecretAccessKey --output text)\ngh secret set S --body \"$K\"\n",
		"aws iam create-access-key | jq -r .AccessKey.AccessKeyId | gh secret set ID\n",
		"cat > t.json <<'EOF'\n{\"Statement\": [{\"Effect\": \"Allow\", \"Principal\": \"*\"}]}\nEOF\naws iam create-role --role-name r --assume-role-policy-document file://t.json\n",
		"cat > t.json <<-EOF\n\t{\"Statement\": [{\"Principal\": {\"AWS\": \"arn:aws:iam::${ACCT}:root\"}}]}\n\tEOF\n",
		"T='{\"Statement\": [{\"Effect\": \"Allow\"}]}'\naws iam create-role --role-name r --assume-role-policy-document \"$T\"\n",
		"export AWS_ACCESS_KEY_ID=AKIA2OGYBAH6STMMNXNN\naws configure set aws_secret_access_key x\n",
		"read -r A B <<< \"$(aws iam create-access-key --output text)\"\necho $A > f\n",
		"glab variable set K \"$(aws iam create-access-key)\" # iamlint:ignore IAM103\n",
		"if x; then\n echo (\nfi\n",
		"aws --region eu-west-1 iam create-role --role-name=r --assume-role-policy-document=$'{\\n}'\n",
		"f() { aws iam create-access-key \\\n --user-name \"${U:-x}\"; }\n",
	} {
		f.Add(seed)
	}
	f.Fuzz(func(t *testing.T, src string) {
		res := shellscript.Lower(shellscript.Script{Path: "s.sh", Src: []byte(src)})
		inside := func(what string, r model.Range) {
			if r.File != "s.sh" || r.Start.Byte < 0 || r.End.Byte > len(src) || r.Start.Byte > r.End.Byte {
				t.Fatalf("%s range %v (%d-%d) outside the script of %d bytes", what, r, r.Start.Byte, r.End.Byte, len(src))
			}
		}
		for _, r := range res.Resources {
			inside("resource", r.Range)
			r.Body.Walk(func(v *model.Value) bool {
				if v.Range.File == "s.sh" {
					inside("value", v.Range)
				}
				return true
			})
		}
		for _, d := range res.Diagnostics {
			if d.Range.IsZero() {
				t.Fatalf("diagnostic without a position: %v", d)
			}
		}
		for _, l := range res.Literals {
			inside("literal", l.Range)
		}
		for _, s := range res.Suppressions {
			inside("suppression", s.Range)
		}
	})
}
