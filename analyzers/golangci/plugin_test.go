package golangci_test

import (
	"strings"
	"testing"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis/analysistest"

	"github.com/iamlint/iamlint/analyzers/golangci"
)

func TestRegistered(t *testing.T) {
	newPlugin, err := register.GetPlugin(golangci.Name)
	if err != nil {
		t.Fatal(err)
	}
	// golangci-lint passes the settings it decoded from YAML.
	p, err := newPlugin(map[string]any{"analyzers": []any{"iackeys"}})
	if err != nil {
		t.Fatal(err)
	}
	as, err := p.BuildAnalyzers()
	if err != nil || len(as) != 1 || as[0].Name != "iackeys" {
		t.Errorf("BuildAnalyzers = %v, %v; want [iackeys]", as, err)
	}
	if p.GetLoadMode() != register.LoadModeTypesInfo {
		t.Errorf("load mode %q", p.GetLoadMode())
	}
}

func TestDefaultsAndErrors(t *testing.T) {
	p, err := golangci.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	if len(as) != 2 {
		t.Errorf("default analyzers: %v", as)
	}
	for _, bad := range []map[string]any{
		{"analyzers": []any{"nope"}},
		{"analyzerz": []any{"iackeys"}},
	} {
		if _, err := golangci.New(bad); err == nil || !strings.HasPrefix(err.Error(), "iamlint: ") {
			t.Errorf("New(%v) = %v, want an error", bad, err)
		}
	}
}

// TestAnalyzersRun runs what the plugin builds over a fixture, as
// golangci-lint would.
func TestAnalyzersRun(t *testing.T) {
	p, err := golangci.New(map[string]any{})
	if err != nil {
		t.Fatal(err)
	}
	as, _ := p.BuildAnalyzers()
	analysistest.Run(t, analysistest.TestData(), as[0], "service")
}
