// Package golangci is iamlint's golangci-lint module plugin: it gives
// golangci-lint the analyzers staticcreds (IAM401, IAM107) and iackeys
// (IAM101-IAM105) as one linter called "iamlint".
//
// Build a golangci-lint that includes it with golangci-lint custom and this
// .custom-gcl.yml next to your .golangci.yml:
//
//	version: v2.15.0
//	name: golangci-lint-iamlint   # the binary custom writes
//	destination: ./bin
//	plugins:
//	  - module: github.com/iamlint/iamlint
//	    import: github.com/iamlint/iamlint/analyzers/golangci
//	    version: latest            # or path: /path/to/an/iamlint/checkout
//
// then enable the linter in .golangci.yml:
//
//	version: "2"
//	linters:
//	  enable:
//	    - iamlint
//	  settings:
//	    custom:
//	      iamlint:
//	        type: module
//	        description: long-term AWS keys where a role would do
//	        settings:
//	          analyzers: [staticcreds, iackeys]   # optional; both by default
//
// golangci-lint keeps one issue per line unless told otherwise, and an
// IAM107 key literal is often on the line of its IAM401 call:
//
//	issues:
//	  uniq-by-line: false
//
// Messages start with their level ("error: ...", "warning: ...",
// "note: ...") after the analyzer's name, so golangci-lint's severity rules
// can map them:
//
//	severity:
//	  default: error
//	  rules:
//	    - linters: [iamlint]
//	      text: "^(staticcreds|iackeys): warning:"
//	      severity: warning
package golangci

import (
	"fmt"
	"slices"

	"github.com/golangci/plugin-module-register/register"
	"golang.org/x/tools/go/analysis"

	"github.com/iamlint/iamlint/analyzers/iackeys"
	"github.com/iamlint/iamlint/analyzers/staticcreds"
)

// Name is the linter's name in .golangci.yml.
const Name = "iamlint"

// golangci-lint finds module plugins by name in plugin-module-register's
// registry, which a plugin fills when golangci-lint's generated code
// imports it: that contract leaves no other way than init.
//
//nolint:gochecknoinits // plugin-module-register's contract: plugins register when imported
func init() { register.Plugin(Name, New) }

// Settings are the linter's settings in .golangci.yml. Unknown keys are
// an error.
type Settings struct {
	// Analyzers to run by name (staticcreds, iackeys); all when empty.
	Analyzers []string `json:"analyzers"`
}

// all are the analyzers the plugin offers.
var all = []*analysis.Analyzer{staticcreds.Analyzer, iackeys.Analyzer}

// Plugin is the linter golangci-lint builds from the settings.
type Plugin struct {
	analyzers []*analysis.Analyzer
}

// New reads the settings and returns the plugin.
func New(settings any) (register.LinterPlugin, error) {
	s, err := register.DecodeSettings[Settings](settings)
	if err != nil {
		return nil, fmt.Errorf("iamlint: %w", err)
	}
	p := &Plugin{}
	if len(s.Analyzers) == 0 {
		p.analyzers = all
		return p, nil
	}
	for _, name := range s.Analyzers {
		i := slices.IndexFunc(all, func(a *analysis.Analyzer) bool { return a.Name == name })
		if i < 0 {
			return nil, fmt.Errorf("iamlint: unknown analyzer %q in settings.analyzers: want staticcreds or iackeys", name)
		}
		p.analyzers = append(p.analyzers, all[i])
	}
	return p, nil
}

// BuildAnalyzers returns the analyzers to run.
func (p *Plugin) BuildAnalyzers() ([]*analysis.Analyzer, error) { return p.analyzers, nil }

// GetLoadMode says the analyzers need type information.
func (p *Plugin) GetLoadMode() string { return register.LoadModeTypesInfo }
