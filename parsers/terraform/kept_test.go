package terraform

import (
	"context"
	"io/fs"
	"path/filepath"
	"reflect"
	"testing"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/model"
)

// TestKeptSource: a file kept from the byte scan for local calls and a
// file read again once the budget is spent build the same modules, with
// the same diagnostics.
func TestKeptSource(t *testing.T) {
	root := filepath.Join("..", "..", "testdata", "examples", "terraform")
	var inputs []frontend.Input
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() && IsConfig(d.Name()) {
			inputs = append(inputs, frontend.Input{Path: path, Root: root})
		}
		return err
	})
	if err != nil || len(inputs) == 0 {
		t.Fatalf("no example inputs under %s: %v", root, err)
	}
	load := func(budget int64) *frontend.Result {
		defer func(b int64) { keptSourceBudget = b }(keptSourceBudget)
		keptSourceBudget = budget
		return FrontEnd{}.Load(context.Background(), inputs, frontend.Options{Workers: 2})
	}
	kept, reread := load(1<<30), load(0)
	if len(kept.Modules) == 0 || countResources(kept.Modules) == 0 {
		t.Fatal("the examples built no resources")
	}
	if !reflect.DeepEqual(kept.Modules, reread.Modules) || !reflect.DeepEqual(kept.Diagnostics, reread.Diagnostics) {
		t.Error("modules built from kept source differ from those built from files read again")
	}
}

func countResources(mods []*model.Module) int {
	n := 0
	for _, m := range mods {
		n += len(m.Resources)
	}
	return n
}
