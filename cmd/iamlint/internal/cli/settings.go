package cli

import (
	"os"
	"path/filepath"
	"slices"

	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// settings are the flags and the configuration file merged. Flags win:
// --enable replaces the file's enable list (and runs the rules it names
// even if the file disables them), --disable and --exclude add to its
// lists, --fail-on replaces fail-on.
type settings struct {
	config  *config.Config // nil when there is none
	rules   []*rules.Rule  // the rules to run
	catalog []*rules.Rule  // every rule, at its configured level: what SARIF lists
	levels  map[string]model.Level
	failOn  model.Level
	exclude []string
	options rules.Options
	// maxFileSize is the largest file a scan reads; 0 is the default.
	maxFileSize int64
	// baseline holds the fingerprints of --baseline; nil without one.
	baseline map[string]bool
}

func settle(f *scanFlags) (*settings, error) {
	s := &settings{}
	path := f.config
	if path == "" {
		var err error
		if path, err = config.Find(configStart(f)); err != nil {
			return nil, err
		}
	}
	if path != "" {
		cfg, err := config.Load(path)
		if err != nil {
			return nil, err
		}
		s.config = cfg
	}

	enable, disable, failOn := []string(f.enable), []string(f.disable), f.failOn
	s.exclude = f.exclude
	if c := s.config; c != nil {
		if len(enable) == 0 {
			enable = c.Enable
		}
		for _, id := range c.Disable {
			// A rule named by --enable runs, whatever the file says.
			if !slices.ContainsFunc(f.enable, func(name string) bool { return rules.Lookup(name) == rules.Lookup(id) }) {
				disable = append(disable, id)
			}
		}
		if !f.set["fail-on"] && c.FailOn != "" {
			failOn = c.FailOn
		}
		s.exclude = append(c.ExcludeFromWorkDir(), s.exclude...)
		s.levels = c.Levels
		s.options = c.Options
		s.maxFileSize = c.MaxFileSize
	}
	if f.maxFileSize != "" {
		size, err := config.ParseSize(f.maxFileSize)
		if err != nil {
			return nil, usageError{"--max-file-size: " + err.Error()}
		}
		s.maxFileSize = size
	}
	var err error
	if s.failOn, err = parseFailOn(failOn); err != nil {
		return nil, err
	}
	if s.rules, err = rules.Select(enable, disable); err != nil {
		return nil, usageError{err.Error()}
	}
	if f.baseline != "" {
		if s.baseline, err = readBaseline(f.baseline); err != nil {
			return nil, err
		}
	}
	for _, r := range rules.All() {
		if l, ok := s.levels[r.ID]; ok {
			copied := *r
			copied.Level = l
			r = &copied
		}
		s.catalog = append(s.catalog, r)
	}
	return s, nil
}

// configStart is where the search for .iamlint.yml starts: the first path
// argument (its directory, for a file), else the working directory.
func configStart(f *scanFlags) string {
	if f.changedFiles || len(f.paths) == 0 {
		return "."
	}
	p := f.paths[0]
	if info, err := os.Stat(p); err == nil && !info.IsDir() {
		return filepath.Dir(p)
	}
	return p
}
