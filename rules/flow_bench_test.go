package rules

import (
	"fmt"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// syntheticTree builds a project of n module directories in a chain: each
// module has refsPerModule locals that read each other, passes the last one
// to the next module, and every tenth module makes a key whose secret flows
// down the chain into user data at the end. About refsPerModule+2
// references per module.
func syntheticTree(n, refsPerModule int) *model.Project {
	p := &model.Project{}
	ref := func(kind model.RefKind, prefix, name string) *model.Value {
		return &model.Value{Kind: model.Unknown, Refs: []model.Ref{{Subject: prefix + name, Kind: kind, Name: name}}}
	}
	for i := 0; i < n; i++ {
		m := &model.Module{Dir: fmt.Sprintf("m%d", i), Language: model.Terraform}
		m.Variables = append(m.Variables, &model.Variable{Name: "in", Label: "var.in"})
		prev := ref(model.RefVariable, "var.", "in")
		if i%10 == 0 {
			key := &model.Resource{Mode: model.Managed, Type: "aws_iam_access_key", Name: "k", Address: "aws_iam_access_key.k",
				Range: model.Range{File: m.Dir + "/main.tf", Start: model.Pos{Line: 1, Column: 1, Byte: i}}, Body: &model.Value{Kind: model.Object}, Instances: 1}
			m.Resources = append(m.Resources, key)
			prev = &model.Value{Kind: model.Unknown, Refs: []model.Ref{
				{Subject: "var.in", Kind: model.RefVariable, Name: "in"},
				{Subject: "aws_iam_access_key.k", Kind: model.RefResource, Name: "aws_iam_access_key.k", Attr: "secret"},
			}}
		}
		for j := 0; j < refsPerModule; j++ {
			m.Locals = append(m.Locals, &model.Local{Name: fmt.Sprintf("l%d", j), Label: fmt.Sprintf("local.l%d", j), Value: prev})
			prev = ref(model.RefLocal, "local.", fmt.Sprintf("l%d", j))
		}
		body := &model.Value{Kind: model.Object, Attrs: []*model.Attr{{Name: "user_data", Value: prev}}}
		m.Resources = append(m.Resources, &model.Resource{Mode: model.Managed, Type: "aws_instance", Name: "i", Address: "aws_instance.i", Body: body, Instances: 1})
		if i+1 < n {
			call := &model.Value{Kind: model.Object, Attrs: []*model.Attr{
				{Name: "source", Value: &model.Value{Kind: model.String, Str: fmt.Sprintf("../m%d", i+1)}},
				{Name: "in", Value: prev},
			}}
			m.Resources = append(m.Resources, &model.Resource{Mode: model.ModuleCall, Type: "module", Name: "next", Address: "module.next", Body: call})
		}
		p.Modules = append(p.Modules, m)
	}
	return p
}

// BenchmarkFlow measures graph build and reachability; run with -benchmem
// and compare sizes: time and memory should grow linearly.
func BenchmarkFlow(b *testing.B) {
	for _, n := range []int{500, 1000, 2000} {
		p := syntheticTree(n, 25)
		b.Run(fmt.Sprintf("modules=%d/refs=%d", n, n*27), func(b *testing.B) {
			for b.Loop() {
				f := &flows{project: p}
				f.analyze()
			}
		})
	}
}

// TestSyntheticTree checks the generator's flows are found: every key
// reaches the user data of its own module.
func TestSyntheticTree(t *testing.T) {
	f := &flows{project: syntheticTree(20, 5)}
	f.analyze()
	if len(f.covered) != 2 {
		t.Errorf("%d keys reach a sink, want 2", len(f.covered))
	}
}
