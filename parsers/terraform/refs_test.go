package terraform

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestRefsReadWhatTheExpressionTakes pins what each expression shape reads
// of its references: the attribute a splat, a for expression or an element
// function takes of each element, or the whole value when nothing narrows
// it.
func TestRefsReadWhatTheExpressionTakes(t *testing.T) {
	cases := []struct {
		expr string
		want string // the references, as Ref.String() spells them, space-separated
	}{
		{`aws_iam_access_key.k.secret`, `aws_iam_access_key.k.secret`},
		{`aws_iam_access_key.k[*].create_date`, `aws_iam_access_key.k[*].create_date`},
		{`aws_iam_access_key.k.*.status`, `aws_iam_access_key.k[*].status`},
		{`one(aws_iam_access_key.k[*].key_fingerprint)`, `aws_iam_access_key.k[*].key_fingerprint`},
		{`values(aws_iam_access_key.k)[0].user`, `aws_iam_access_key.k[*].user`},
		{`[for k in aws_iam_access_key.k : k.status]`, `aws_iam_access_key.k[*].status`},
		{`{ for n, k in aws_iam_access_key.k : n => k.secret if k.status == "Active" }`, `aws_iam_access_key.k[*].secret aws_iam_access_key.k[*].status`},
		{`[for k in values(aws_iam_access_key.k) : k.id]`, `aws_iam_access_key.k[*].id`},
		{`try(aws_iam_access_key.k[0].secret, "")`, `aws_iam_access_key.k[0].secret`},
		{`lookup(local.m, "a", var.d)`, `local.m["a"] var.d`},
		{`var.on ? local.a : local.b`, `var.on local.a local.b`},
		{`{ a = local.x, b = local.y }.b`, `local.y`},
		{`[local.x, local.y][1]`, `local.y`},
		{`jsonencode([for k in local.keys : k])`, `local.keys[*]`},
		{`"${local.a}-${join(",", local.list[*].name)}"`, `local.a local.list[*].name`},
		{`[for k in local.keys : k.id][0]`, `local.keys[*].id`},
		{`aws_iam_user.u[each.key].name`, `aws_iam_user.u[*].name each.key`},
		{`local.a == local.b`, `local.a local.b`},
		{`[for k, v in local.m : k]`, ``},
	}
	for _, c := range cases {
		t.Run(c.expr, func(t *testing.T) {
			dir := t.TempDir()
			src := "locals {\n  x = " + c.expr + "\n}\n"
			if err := os.WriteFile(filepath.Join(dir, "main.tf"), []byte(src), 0o644); err != nil {
				t.Fatal(err)
			}
			m, _, diags := loadDir(t, dir)
			for _, d := range diags {
				t.Fatalf("%s", d.Error())
			}
			var got []string
			for _, r := range local(m, "x").AllRefs() {
				got = append(got, r.String())
			}
			if strings.Join(got, " ") != c.want {
				t.Errorf("refs = %q, want %q", strings.Join(got, " "), c.want)
			}
		})
	}
}
