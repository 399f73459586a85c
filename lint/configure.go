package lint

import (
	"github.com/iamlint/iamlint/lint/config"
	"github.com/iamlint/iamlint/rules"
)

// Configure applies a configuration file (.iamlint.yml, read with
// config.Load; config.Find finds it) to the options, as the command line
// does when no flag says otherwise: the file's rule selection, level
// overrides, exclude patterns (made relative to the working directory),
// trusted accounts and sinks, and file size cap. Its fail-on is the
// caller's to apply to the findings.
func (o *Options) Configure(c *config.Config) error {
	selected, err := rules.Select(c.Enable, c.Disable)
	if err != nil {
		return err
	}
	o.Rules = selected
	o.Levels = c.Levels
	o.RuleOptions = c.Options
	o.Exclude = append(c.ExcludeFromWorkDir(), o.Exclude...)
	if c.MaxFileSize > 0 {
		o.MaxFileSize = c.MaxFileSize
	}
	return nil
}
