// Package config reads iamlint's configuration file, .iamlint.yml:
//
//	version: 1
//	fail-on: warning
//	rules:
//	  disable: [IAM105]
//	  levels: {IAM202: note}
//	exclude: ["legacy/**"]
//	trusted-accounts: ["123456789012"]
//	sinks:
//	  - {rule: IAM102, types: [acme_function], attribute: environment.variables}
//	ci-secrets:
//	  - {types: [acme_ci_secret], attribute: value}
//	ci:
//	  repository: acme/app
//
// The file is validated as a whole: every unknown key and bad value is
// reported with its line and column, with a suggestion for a misspelled
// key or rule. Schema returns the same contract as a JSON schema for
// editors.
package config

import (
	"errors"
	"fmt"
	"io/fs"
	"math"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/agext/levenshtein"
	"github.com/bmatcuk/doublestar/v4"
	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/yamlerr"
	"github.com/iamlint/iamlint/rules"
)

// ci reads what the scanned pipelines belong to: ci.repository, the IDs
// of GitHub's ID form, a customized subject template.
func (p *parser) ci(n *yaml.Node) {
	p.mapping(n, "ci", ciKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "repository":
			if repo, ok := p.str(v, "ci.repository"); ok {
				if !repositoryPattern.MatchString(repo) {
					p.errorf(v, "ci.repository: %q is not a repository; want owner/name (GitHub) or group/project (GitLab)", repo)
				}
				p.cfg.Options.Repository = repo
			}
		case "owner-id", "repository-id":
			if v.Kind != yaml.ScalarNode {
				p.errorf(v, "ci.%s: want the numeric ID GitHub gives it, like 123456, not %s", key, describe(v))
				return
			}
			if !idPattern.MatchString(v.Value) {
				p.errorf(v, "ci.%s: %q is not an ID; want the number GitHub gives it, like 123456", key, v.Value)
				return
			}
			if key == "owner-id" {
				p.cfg.Options.OwnerID = v.Value
			} else {
				p.cfg.Options.RepositoryID = v.Value
			}
		case "subject-claims":
			for _, e := range p.list(v, "ci.subject-claims") {
				if !slices.Contains(subjectClaims, e.Value) {
					p.errorf(e, "ci.subject-claims: unknown claim %q%s", e.Value, suggest(e.Value, subjectClaims, "a claim of GitHub's OIDC token"))
					continue
				}
				p.cfg.Options.SubjectClaims = append(p.cfg.Options.SubjectClaims, e.Value)
			}
		}
	})
}

// idPattern is a GitHub account or repository ID.
var idPattern = regexp.MustCompile(`^[0-9]+$`)

// repositoryPattern is a repository path: owner/name, group/sub/project.
var repositoryPattern = regexp.MustCompile(`^[A-Za-z0-9_.-]+(/[A-Za-z0-9_.-]+)+$`)

// Names are the file names Find looks for, in this order.
var Names = []string{".iamlint.yml", ".iamlint.yaml"}

// Version is the configuration format this iamlint reads.
const Version = 1

// Config is a validated configuration. Rules are named by ID whatever the
// file used.
type Config struct {
	Path    string   // the file it was read from
	Enable  []string // run only these rule IDs; empty means all
	Disable []string // rule IDs not to run
	// Levels override rules' default levels, by rule ID.
	Levels map[string]model.Level
	// FailOn is error, warning, note or never; empty when the file does
	// not say.
	FailOn string
	// Exclude are doublestar globs relative to the file's directory.
	Exclude []string
	// Options are what the rules read: trusted accounts, extra sinks.
	Options rules.Options
	// MaxFileSize is the largest file a scan reads, in bytes; 0 when the
	// file does not say.
	MaxFileSize int64
}

// ParseSize reads a file size: a number of bytes, or a number followed by
// k, m or g (powers of 1024; KiB, MB and the like are read the same way),
// case-insensitive: 8MiB, 512k, 1048576. It must be positive.
func ParseSize(s string) (int64, error) {
	t := strings.ToLower(strings.TrimSpace(s))
	t = strings.TrimSuffix(strings.TrimSuffix(t, "b"), "i")
	shift := 0
	if t != "" {
		switch t[len(t)-1] {
		case 'k':
			shift = 10
		case 'm':
			shift = 20
		case 'g':
			shift = 30
		}
		if shift > 0 {
			t = strings.TrimSpace(t[:len(t)-1])
		}
	}
	n, err := strconv.ParseInt(t, 10, 64)
	if err != nil || n <= 0 || n > math.MaxInt64>>shift {
		return 0, fmt.Errorf("invalid size %q: want a positive number of bytes, or one with k, m or g, like 8MiB", s)
	}
	return n << shift, nil
}

// Dir is the directory the configuration applies from.
func (c *Config) Dir() string { return filepath.Dir(c.Path) }

// ExcludeFromWorkDir is Exclude with each pattern, written relative to the
// configuration's directory, made to match the paths a scan shows: paths
// relative to the working directory (iamlint ./infra) and absolute ones
// (iamlint /src/infra), so each pattern comes out in both forms. Patterns
// that start with ** match anywhere and are kept as they are.
func (c *Config) ExcludeFromWorkDir() []string {
	wd, err := os.Getwd()
	if err != nil {
		return c.Exclude
	}
	dir := c.Dir()
	if !filepath.IsAbs(dir) {
		dir = filepath.Join(wd, dir)
	}
	out := make([]string, 0, 2*len(c.Exclude))
	for _, p := range c.Exclude {
		if strings.HasPrefix(p, "**") || filepath.IsAbs(p) {
			out = append(out, p)
			continue
		}
		// Join cleans away a trailing slash; a pattern for a directory
		// still matches it.
		abs := filepath.Join(dir, filepath.FromSlash(p))
		if rel, err := filepath.Rel(wd, abs); err == nil {
			out = append(out, filepath.ToSlash(rel))
		}
		out = append(out, filepath.ToSlash(abs))
	}
	return out
}

// Problem is one mistake in a configuration file, at a 1-based line and
// column (zero when unknown).
type Problem struct {
	Line, Column int
	Msg          string
}

// Error lists every problem of one configuration file.
type Error struct {
	Path     string
	Problems []Problem
}

func (e *Error) Error() string {
	var b strings.Builder
	for i, p := range e.Problems {
		if i > 0 {
			b.WriteByte('\n')
		}
		b.WriteString(e.Path)
		if p.Line > 0 {
			fmt.Fprintf(&b, ":%d:%d", p.Line, p.Column)
		}
		b.WriteString(": " + p.Msg)
	}
	return b.String()
}

// Find looks for a configuration file in dir and its parents, up to the
// root of the repository (a directory holding .git) or of the file system.
// It returns "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		for _, name := range Names {
			p := filepath.Join(dir, name)
			if info, err := os.Stat(p); err == nil && !info.IsDir() {
				return p, nil
			}
		}
		if _, err := os.Stat(filepath.Join(dir, ".git")); err == nil {
			return "", nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads and validates the configuration file at path.
func Load(path string) (*Config, error) {
	src, err := os.ReadFile(path)
	if err != nil {
		var pe *fs.PathError
		if errors.As(err, &pe) {
			err = pe.Err
		}
		return nil, &Error{Path: path, Problems: []Problem{{Msg: "cannot read configuration: " + err.Error()}}}
	}
	return Parse(path, src)
}

// Parse validates a configuration read from path.
func Parse(path string, src []byte) (*Config, error) {
	p := &parser{cfg: &Config{Path: path, Levels: map[string]model.Level{}}}
	var doc yaml.Node
	if err := yaml.Unmarshal(src, &doc); err != nil {
		return nil, &Error{Path: path, Problems: []Problem{syntaxProblem(src, err)}}
	}
	if len(doc.Content) == 0 {
		return nil, &Error{Path: path, Problems: []Problem{{Line: 1, Column: 1, Msg: "empty configuration: it needs at least \"version: 1\""}}}
	}
	p.document(deref(doc.Content[0]))
	if len(p.problems) > 0 {
		sort.SliceStable(p.problems, func(i, j int) bool {
			a, b := p.problems[i], p.problems[j]
			return a.Line < b.Line || (a.Line == b.Line && a.Column < b.Column)
		})
		return nil, &Error{Path: path, Problems: p.problems}
	}
	return p.cfg, nil
}

type parser struct {
	cfg      *Config
	problems []Problem
}

func (p *parser) errorf(n *yaml.Node, format string, args ...any) {
	p.problems = append(p.problems, Problem{Line: n.Line, Column: n.Column, Msg: fmt.Sprintf(format, args...)})
}

// deref follows an alias to the node it names.
func deref(n *yaml.Node) *yaml.Node {
	for i := 0; n != nil && n.Kind == yaml.AliasNode && n.Alias != nil && i < 100; i++ {
		n = n.Alias
	}
	return n
}

// The keys of each mapping, in the order the documentation lists them.
var (
	topKeys = []string{"version", "fail-on", "rules", "exclude", "trusted-accounts", "sinks", "ci-secrets", "ci", "max-file-size"}
	ciKeys  = []string{"repository", "owner-id", "repository-id", "subject-claims"}
	// subjectClaims are the claims GitHub's customized OIDC subject
	// template may include (include_claim_keys).
	subjectClaims = []string{"repo", "context", "repository", "repository_owner", "repository_id", "repository_owner_id",
		"ref", "ref_type", "environment", "job_workflow_ref", "workflow", "workflow_ref", "event_name", "actor", "actor_id",
		"head_ref", "base_ref", "repository_visibility", "runner_environment", "job_workflow_sha", "workflow_sha", "enterprise", "enterprise_id"}
	rulesKeys  = []string{"enable", "disable", "levels"}
	sinkKeys   = []string{"rule", "types", "attribute"}
	secretKeys = []string{"types", "attribute"}
	failOns    = []string{"error", "warning", "note", "never"}
	levels     = []string{"error", "warning", "note"}
)

func (p *parser) document(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "the configuration must be a mapping of keys (version, rules, ...), not a %s", kindName(n))
		return
	}
	var version *yaml.Node
	p.mapping(n, "", topKeys, func(key string, k, v *yaml.Node) {
		switch key {
		case "version":
			version = k
			if v.Kind != yaml.ScalarNode || v.ShortTag() != "!!int" {
				p.errorf(v, "version: want the number %d", Version)
			} else if v.Value != strconv.Itoa(Version) {
				p.errorf(v, "version: unsupported version %s; this iamlint reads version %d", v.Value, Version)
			}
		case "fail-on":
			if s, ok := p.str(v, key); ok {
				if !slices.Contains(failOns, s) {
					p.errorf(v, "fail-on: unknown level %q%s", s, suggest(s, failOns, "error, warning, note or never"))
				}
				p.cfg.FailOn = s
			}
		case "rules":
			p.rules(v)
		case "exclude":
			for _, e := range p.list(v, key) {
				if !doublestar.ValidatePattern(e.Value) {
					p.errorf(e, "exclude: invalid glob %q", e.Value)
				}
				p.cfg.Exclude = append(p.cfg.Exclude, e.Value)
			}
		case "trusted-accounts":
			p.accounts(v)
		case "sinks":
			p.sinks(v, key, "")
		case "ci-secrets":
			p.sinks(v, key, "IAM103")
		case "ci":
			p.ci(v)
		case "max-file-size":
			size, err := ParseSize(v.Value)
			switch {
			case v.Kind != yaml.ScalarNode:
				p.errorf(v, "max-file-size: want a size like 8MiB, 512k or 1048576 (bytes), not %s", describe(v))
			case err != nil:
				p.errorf(v, "max-file-size: %q is not a size; want one like 8MiB, 512k or 1048576 (bytes)", v.Value)
			}
			p.cfg.MaxFileSize = size
		}
	})
	if version == nil {
		p.errorf(n, "missing version: add \"version: %d\" at the top", Version)
	}
}

// mapping calls fn for each member of a mapping whose key is one of keys,
// and reports unknown and repeated keys. where prefixes the messages.
func (p *parser) mapping(n *yaml.Node, where string, keys []string, fn func(key string, k, v *yaml.Node)) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "%s: want a mapping of %s, not a %s", strings.TrimSuffix(where, "."), strings.Join(keys, ", "), kindName(n))
		return
	}
	seen := map[string]bool{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		name := k.Value
		switch {
		case k.Kind != yaml.ScalarNode:
			p.errorf(k, "%swant a plain key", prefix(where))
		case !slices.Contains(keys, name):
			p.errorf(k, "%sunknown key %q%s", prefix(where), name, suggest(name, keys, "one of "+strings.Join(keys, ", ")))
		case seen[name]:
			p.errorf(k, "%skey %q is repeated", prefix(where), where+name)
		default:
			seen[name] = true
			fn(name, k, v)
		}
	}
}

func prefix(where string) string {
	if where == "" {
		return ""
	}
	return strings.TrimSuffix(where, ".") + ": "
}

func (p *parser) rules(n *yaml.Node) {
	p.mapping(n, "rules.", rulesKeys, func(key string, _, v *yaml.Node) {
		switch key {
		case "enable":
			p.cfg.Enable = p.ruleIDs(v, "rules.enable")
		case "disable":
			p.cfg.Disable = p.ruleIDs(v, "rules.disable")
		case "levels":
			p.levels(v)
		}
	})
}

func (p *parser) levels(n *yaml.Node) {
	if n.Kind != yaml.MappingNode {
		p.errorf(n, "rules.levels: want a mapping of rule IDs or names to error, warning or note, not a %s", kindName(n))
		return
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], deref(n.Content[i+1])
		r := p.rule(k, "rules.levels")
		if r == nil {
			continue
		}
		if _, dup := p.cfg.Levels[r.ID]; dup {
			p.errorf(k, "rules.levels: %s is listed twice", r.ID)
			continue
		}
		s, ok := p.str(v, "rules.levels."+k.Value)
		if !ok {
			continue
		}
		l, err := model.ParseLevel(s)
		if err != nil {
			hint := suggest(s, levels, "error, warning or note")
			if slices.Contains([]string{"off", "disable", "disabled", "none"}, s) {
				hint = "; to turn a rule off, list it under rules.disable"
			}
			p.errorf(v, "rules.levels.%s: unknown level %q%s", k.Value, s, hint)
			continue
		}
		p.cfg.Levels[r.ID] = l
	}
}

// rule resolves a rule ID or name, reporting an unknown one.
func (p *parser) rule(n *yaml.Node, where string) *rules.Rule {
	if n.Kind != yaml.ScalarNode || n.Value == "" {
		p.errorf(n, "%s: want a rule ID or name", where)
		return nil
	}
	r := rules.Lookup(n.Value)
	switch {
	case r == nil:
		_, err := rules.Select([]string{n.Value}, nil)
		p.errorf(n, "%s: %v", where, err)
	case n.Value != r.ID && n.Value != r.Name:
		// Lookup ignores case; the file, like the schema, does not.
		want := r.Name
		if strings.EqualFold(n.Value, r.ID) {
			want = r.ID
		}
		p.errorf(n, "%s: unknown rule %q; did you mean %q?", where, n.Value, want)
		return nil
	}
	return r
}

func (p *parser) ruleIDs(n *yaml.Node, where string) []string {
	var ids []string
	for _, e := range p.list(n, where) {
		if r := p.rule(e, where); r != nil {
			ids = append(ids, r.ID)
		}
	}
	return ids
}

var accountID = regexp.MustCompile(`^[0-9]{12}$`)

func (p *parser) accounts(n *yaml.Node) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "trusted-accounts: want a list, like [\"123456789012\"], not %s", describe(n))
		return
	}
	for _, e := range n.Content {
		e = deref(e)
		switch {
		case e.Kind == yaml.ScalarNode && e.ShortTag() == "!!int":
			p.errorf(e, "trusted-accounts: write the account ID %s in quotes: unquoted, YAML reads it as a number and drops leading zeros", e.Value)
		case e.Kind != yaml.ScalarNode || e.ShortTag() != "!!str" || !accountID.MatchString(e.Value):
			p.errorf(e, "trusted-accounts: %q is not an AWS account ID: want 12 digits", e.Value)
		default:
			p.cfg.Options.TrustedAccounts = append(p.cfg.Options.TrustedAccounts, e.Value)
		}
	}
}

// sinks reads a list of extra sinks; rule is fixed for ci-secrets.
func (p *parser) sinks(n *yaml.Node, where, rule string) {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list of {types, attribute} mappings, not a %s", where, kindName(n))
		return
	}
	keys := sinkKeys
	if rule != "" {
		keys = secretKeys
	}
	for i, e := range n.Content {
		e = deref(e)
		at := fmt.Sprintf("%s[%d].", where, i)
		spec := rules.SinkSpec{Rule: rule}
		var seen []string
		p.mapping(e, at, keys, func(key string, _, v *yaml.Node) {
			seen = append(seen, key)
			switch key {
			case "rule":
				if r := p.rule(v, at+key); r != nil {
					if !slices.Contains(rules.SinkRules(), r.ID) {
						p.errorf(v, "%srule: %s is not a credential flow rule; want one of %s", at, r.ID, strings.Join(rules.SinkRules(), ", "))
					}
					spec.Rule = r.ID
				}
			case "types":
				for _, t := range p.list(v, at+key) {
					spec.Types = append(spec.Types, t.Value)
				}
				if len(v.Content) == 0 && v.Kind == yaml.SequenceNode {
					p.errorf(v, "%stypes: list at least one resource type", at)
				}
			case "attribute":
				if s, ok := p.str(v, at+key); ok {
					spec.Path = strings.Split(s, ".")
					if slices.Contains(spec.Path, "") {
						p.errorf(v, "%sattribute: %q is not a dotted path like environment.variables", at, s)
					}
				}
			}
		})
		if e.Kind != yaml.MappingNode {
			continue
		}
		for _, k := range keys {
			if !slices.Contains(seen, k) {
				p.errorf(e, "%s: missing %q", strings.TrimSuffix(at, "."), k)
			}
		}
		p.cfg.Options.Sinks = append(p.cfg.Options.Sinks, spec)
	}
}

// str returns a non-empty string scalar.
func (p *parser) str(n *yaml.Node, where string) (string, bool) {
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!str" || n.Value == "" {
		p.errorf(n, "%s: want a non-empty string, not %s", where, describe(n))
		return "", false
	}
	return n.Value, true
}

// list returns the elements of a list of non-empty strings.
func (p *parser) list(n *yaml.Node, where string) []*yaml.Node {
	if n.Kind != yaml.SequenceNode {
		p.errorf(n, "%s: want a list, like [a, b], not %s", where, describe(n))
		return nil
	}
	var out []*yaml.Node
	for _, e := range n.Content {
		e = deref(e)
		if _, ok := p.str(e, where); ok {
			out = append(out, e)
		}
	}
	return out
}

func kindName(n *yaml.Node) string {
	switch n.Kind {
	case yaml.MappingNode:
		return "mapping"
	case yaml.SequenceNode:
		return "list"
	case yaml.ScalarNode:
		if n.ShortTag() == "!!null" {
			return "null"
		}
		return "single value"
	}
	return "document"
}

func describe(n *yaml.Node) string {
	if n.Kind == yaml.ScalarNode && n.ShortTag() != "!!null" {
		return fmt.Sprintf("%s %q", strings.TrimPrefix(n.ShortTag(), "!!"), n.Value)
	}
	return "a " + kindName(n)
}

// suggest returns `; did you mean "x"?` for the closest candidate within
// three edits, else "; want " and what is wanted.
func suggest(s string, candidates []string, want string) string {
	best, bestDist := "", 4
	for _, c := range candidates {
		if d := levenshtein.Distance(strings.ToLower(s), c, nil); d < bestDist {
			best, bestDist = c, d
		}
	}
	if best == "" {
		return "; want " + want
	}
	return fmt.Sprintf("; did you mean %q?", best)
}

// syntaxProblem places a YAML syntax error at the offending character
// (yamlerr.Locate), with a column in characters like yaml.v3's own.
func syntaxProblem(src []byte, err error) Problem {
	base := model.BOMLen(src)
	msg, off := yamlerr.Locate(src, base, err)
	lines := yamlerr.Lines(src, base)
	k := sort.Search(len(lines), func(i int) bool { return lines[i] > off }) - 1
	k = max(k, 0)
	return Problem{Line: k + 1, Column: utf8.RuneCount(src[lines[k]:off]) + 1, Msg: msg}
}
