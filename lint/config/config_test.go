package config

import (
	"errors"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/xeipuuv/gojsonschema"
	"go.yaml.in/yaml/v3"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

var update = flag.Bool("update", false, "rewrite docs/iamlint.schema.json")

const schemaPath = "../../docs/iamlint.schema.json"

func TestParseValid(t *testing.T) {
	src := `# yaml-language-server: $schema=https://raw.githubusercontent.com/iamlint/iamlint/main/docs/iamlint.schema.json
version: 1
fail-on: error
rules:
  enable: [IAM101, access-key-in-ci, IAM105]
  disable: [IAM105]
  levels:
    user-console-access: note
    IAM106: warning
exclude:
  - legacy/**
  - "**/*.auto.tfvars"
trusted-accounts: ["012345678901", "123456789012"]
sinks:
  - rule: access-key-in-service
    types: [acme_function, acme_job]
    attribute: environment.variables
ci-secrets:
  - types: [acme_ci_secret]
    attribute: value
ci:
  repository: acme/app
  owner-id: 1234
  repository-id: "5678"
  subject-claims: [repo, context, job_workflow_ref]
`
	c, err := Parse("/repo/.iamlint.yml", []byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want := &Config{
		Path:    "/repo/.iamlint.yml",
		Enable:  []string{"IAM101", "IAM103", "IAM105"},
		Disable: []string{"IAM105"},
		Levels:  map[string]model.Level{"IAM202": model.Note, "IAM106": model.Warning},
		FailOn:  "error",
		Exclude: []string{"legacy/**", "**/*.auto.tfvars"},
		Options: rules.Options{
			TrustedAccounts: []string{"012345678901", "123456789012"},
			Repository:      "acme/app",
			OwnerID:         "1234",
			RepositoryID:    "5678",
			SubjectClaims:   []string{"repo", "context", "job_workflow_ref"},
			Sinks: []rules.SinkSpec{
				{Rule: "IAM102", Types: []string{"acme_function", "acme_job"}, Path: []string{"environment", "variables"}},
				{Rule: "IAM103", Types: []string{"acme_ci_secret"}, Path: []string{"value"}},
			},
		},
	}
	if !reflect.DeepEqual(c, want) {
		t.Errorf("got  %+v\nwant %+v", c, want)
	}
	if c.Dir() != "/repo" {
		t.Errorf("Dir() = %q", c.Dir())
	}
}

// invalid are configurations the loader rejects, with every message it
// gives, in order. schema says whether the JSON schema rejects them too
// (some checks, such as glob syntax, are beyond a schema).
var invalid = []struct {
	name, src string
	want      []string
	schema    bool
}{
	{"empty", "", []string{`1:1: empty configuration: it needs at least "version: 1"`}, true},
	{"no version", "fail-on: error\n", []string{`1:1: missing version: add "version: 1" at the top`}, true},
	{"version 2", "version: 2\n", []string{`1:10: version: unsupported version 2; this iamlint reads version 1`}, true},
	{"version string", "version: \"1\"\n", []string{`1:10: version: want the number 1`}, true},
	{"not a mapping", "- version: 1\n", []string{`1:1: the configuration must be a mapping of keys (version, rules, ...), not a list`}, true},
	{"syntax", "version: 1\nrules: [\n", []string{`2:1: did not find expected node content`}, true},
	// Syntax errors are at the offending character, not where yaml.v3's
	// context starts, and always have a position.
	{"syntax: tab", "version: 1\nrules:\n  disable: [IAM105]\n\tenable: [IAM101]\n", []string{`4:1: found character that cannot start any token`}, true},
	{"syntax: indentation", "version: 1\nrules:\n  disable: [IAM105]\n   enable: [IAM101]\n", []string{`4:4: did not find expected key`}, true},
	{"syntax: no line", "version: 1: 2\n", []string{`1:11: mapping values are not allowed in this context`}, true},
	{"syntax: reserved", "version: 1\nfail-on: @error\n", []string{`2:10: found character that cannot start any token`}, true},
	{"syntax: after a BOM", "\ufeffversion: 1: 2\n", []string{`1:11: mapping values are not allowed in this context`}, true},
	{"syntax: characters", "version: 1\nexclude: [\"é\"]: x\n", []string{`2:15: mapping values are not allowed in this context`}, true},
	{
		"unknown keys", "version: 1\nrule:\n  disable: [IAM105]\nfail_on: error\nsevere: true\n",
		[]string{
			`2:1: unknown key "rule"; did you mean "rules"?`,
			`4:1: unknown key "fail_on"; did you mean "fail-on"?`,
			`5:1: unknown key "severe"; want one of version, fail-on, rules, exclude, trusted-accounts, sinks, ci-secrets, ci, max-file-size`,
		}, true,
	},
	{"max-file-size", "version: 1\nmax-file-size: lots\n", []string{`2:16: max-file-size: "lots" is not a size; want one like 8MiB, 512k or 1048576 (bytes)`}, true},
	{"max-file-size negative", "version: 1\nmax-file-size: -1\n", []string{`2:16: max-file-size: "-1" is not a size; want one like 8MiB, 512k or 1048576 (bytes)`}, true},
	{"repeated key", "version: 1\nexclude: [a]\nexclude: [b]\n", []string{`3:1: key "exclude" is repeated`}, false},
	{"fail-on", "version: 1\nfail-on: warn\n", []string{`2:10: fail-on: unknown level "warn"; did you mean "warning"?`}, true},
	{
		"rules", "version: 1\nrules:\n  disabel: [IAM105]\n  enable: [IAM1O5, acces-key-in-ci, iam105]\n  disable: IAM105\n",
		[]string{
			`3:3: rules: unknown key "disabel"; did you mean "disable"?`,
			`4:12: rules.enable: unknown rule "IAM1O5"; did you mean "IAM105"?`,
			`4:20: rules.enable: unknown rule "acces-key-in-ci"; did you mean "access-key-in-ci"?`,
			`4:37: rules.enable: unknown rule "iam105"; did you mean "IAM105"?`,
			`5:12: rules.disable: want a list, like [a, b], not str "IAM105"`,
		}, true,
	},
	{
		"levels", "version: 1\nrules:\n  levels:\n    IAM105: off\n    IAM106: eror\n    IAM999: note\n    IAM202: [note]\n",
		[]string{
			`4:13: rules.levels.IAM105: unknown level "off"; to turn a rule off, list it under rules.disable`,
			`5:13: rules.levels.IAM106: unknown level "eror"; did you mean "error"?`,
			`6:5: rules.levels: no rule IAM999; rule IDs are IAM101-IAM108, IAM201-IAM203, IAM301-IAM303, IAM401, IAM501-IAM502`,
			`7:13: rules.levels.IAM202: want a non-empty string, not a list`,
		}, true,
	},
	{"levels twice", "version: 1\nrules:\n  levels:\n    IAM105: note\n    access-key-long-term: error\n", []string{`5:5: rules.levels: IAM105 is listed twice`}, false},
	{"exclude glob", "version: 1\nexclude: [\"legacy/[\"]\n", []string{`2:11: exclude: invalid glob "legacy/["`}, false},
	{"exclude not a list", "version: 1\nexclude: legacy/**\n", []string{`2:10: exclude: want a list, like [a, b], not str "legacy/**"`}, true},
	{
		"accounts", "version: 1\ntrusted-accounts: [123456789012, \"12345\", \"arn:aws:iam::123456789012:root\"]\n",
		[]string{
			`2:20: trusted-accounts: write the account ID 123456789012 in quotes: unquoted, YAML reads it as a number and drops leading zeros`,
			`2:34: trusted-accounts: "12345" is not an AWS account ID: want 12 digits`,
			`2:43: trusted-accounts: "arn:aws:iam::123456789012:root" is not an AWS account ID: want 12 digits`,
		}, true,
	},
	{
		"sinks", "version: 1\nsinks:\n  - rule: IAM105\n    types: []\n    attribute: env..vars\n  - types: [x]\n    attribute: value\n    fix: use a role\n",
		[]string{
			`3:11: sinks[0].rule: IAM105 is not a credential flow rule; want one of IAM101, IAM102, IAM103, IAM104`,
			`4:12: sinks[0].types: list at least one resource type`,
			`5:16: sinks[0].attribute: "env..vars" is not a dotted path like environment.variables`,
			`6:5: sinks[1]: missing "rule"`,
			`8:5: sinks[1]: unknown key "fix"; want one of rule, types, attribute`,
		}, true,
	},
	{"ci-secrets rule", "version: 1\nci-secrets:\n  - {rule: IAM103, types: [x], attribute: value}\n", []string{`3:6: ci-secrets[0]: unknown key "rule"; want one of types, attribute`}, true},
	{"ci repository", "version: 1\nci:\n  repository: app\n  owner: acme\n", []string{`3:15: ci.repository: "app" is not a repository; want owner/name (GitHub) or group/project (GitLab)`, `4:3: ci: unknown key "owner"; did you mean "owner-id"?`}, true},
	{"ci claims and IDs", "version: 1\nci:\n  owner-id: abc\n  subject-claims: [repo, contxt]\n", []string{`3:13: ci.owner-id: "abc" is not an ID; want the number GitHub gives it, like 123456`, `4:26: ci.subject-claims: unknown claim "contxt"; did you mean "context"?`}, true},
	{"ci-secrets mapping", "version: 1\nci-secrets: {types: [x], attribute: value}\n", []string{`2:13: ci-secrets: want a list of {types, attribute} mappings, not a mapping`}, true},
}

func TestParseInvalid(t *testing.T) {
	for _, tc := range invalid {
		t.Run(tc.name, func(t *testing.T) {
			_, err := Parse(".iamlint.yml", []byte(tc.src))
			var e *Error
			if !errors.As(err, &e) {
				t.Fatalf("got %v, want a config.Error", err)
			}
			var got []string
			for _, p := range e.Problems {
				got = append(got, fmt.Sprintf("%d:%d: %s", p.Line, p.Column, p.Msg))
			}
			if strings.Join(got, "\n") != strings.Join(tc.want, "\n") {
				t.Errorf("got:\n%s\nwant:\n%s", strings.Join(got, "\n"), strings.Join(tc.want, "\n"))
			}
		})
	}
}

// TestSchemaFile keeps docs/iamlint.schema.json generated from Schema.
func TestSchemaFile(t *testing.T) {
	got, err := Schema()
	if err != nil {
		t.Fatal(err)
	}
	if *update {
		if err := os.WriteFile(schemaPath, got, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) {
		t.Errorf("%s is stale (go test ./lint/config -update)", schemaPath)
	}
}

// TestSchemaAgreesWithLoader validates configurations with the JSON schema
// that editors use and with the loader, and wants the same verdict.
func TestSchemaAgreesWithLoader(t *testing.T) {
	raw, err := os.ReadFile(schemaPath)
	if err != nil {
		t.Fatal(err)
	}
	schema, err := gojsonschema.NewSchema(gojsonschema.NewBytesLoader(raw))
	if err != nil {
		t.Fatalf("the schema does not load: %v", err)
	}
	valid := []string{
		"version: 1\n",
		"version: 1\nfail-on: never\nrules: {disable: [IAM105], levels: {IAM107: warning}}\n",
		"version: 1\nrules:\n  enable: []\n  levels: {}\nexclude: []\ntrusted-accounts: []\nsinks: []\nci-secrets: []\n",
		"version: 1\nsinks: [{rule: access-key-exported, types: [acme_vault_secret], attribute: \"data.**\"}]\n",
		"version: 1\nci-secrets: [{types: [a, b], attribute: value}]\n",
		"version: 1\ntrusted-accounts: ['000000000000']\n",
	}
	check := func(t *testing.T, src string, wantValid bool) {
		_, perr := Parse(".iamlint.yml", []byte(src))
		if (perr == nil) != wantValid {
			t.Errorf("loader: valid=%v, want %v (%v)", perr == nil, wantValid, perr)
		}
		var doc any
		if err := yaml.Unmarshal([]byte(src), &doc); err != nil {
			if wantValid {
				t.Errorf("yaml: %v", err)
			}
			return // a syntax error: nothing for the schema to see
		}
		res, err := schema.Validate(gojsonschema.NewGoLoader(doc))
		if err != nil {
			t.Fatal(err)
		}
		if res.Valid() != wantValid {
			t.Errorf("schema: valid=%v, want %v: %v", res.Valid(), wantValid, res.Errors())
		}
	}
	for i, src := range valid {
		t.Run("valid"+string(rune('0'+i)), func(t *testing.T) { check(t, src, true) })
	}
	for _, tc := range invalid {
		if tc.schema {
			t.Run(tc.name, func(t *testing.T) { check(t, tc.src, false) })
		}
	}
}

func TestFind(t *testing.T) {
	root := t.TempDir()
	repo := filepath.Join(root, "repo")
	deep := filepath.Join(repo, "infra", "prod")
	if err := os.MkdirAll(filepath.Join(repo, ".git"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(deep, 0o755); err != nil {
		t.Fatal(err)
	}
	// Above the repository: never found from inside it.
	if err := os.WriteFile(filepath.Join(root, ".iamlint.yml"), []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != "" {
		t.Errorf("Find = %q, %v; want none: the repository root stops the search", got, err)
	}
	want := filepath.Join(repo, "infra", ".iamlint.yaml")
	if err := os.WriteFile(want, []byte("version: 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, err := Find(deep); err != nil || got != want {
		t.Errorf("Find = %q, %v; want %q", got, err, want)
	}
}

func TestParseSize(t *testing.T) {
	for in, want := range map[string]int64{
		"1048576": 1 << 20, "8MiB": 8 << 20, "8mb": 8 << 20, "512k": 512 << 10, "512 KiB": 512 << 10, "1G": 1 << 30, "3b": 3,
	} {
		if got, err := ParseSize(in); err != nil || got != want {
			t.Errorf("ParseSize(%q) = %d, %v; want %d", in, got, err, want)
		}
	}
	for _, in := range []string{"", "0", "-1", "lots", "8TiB", "1.5m", "99999999999999g"} {
		if got, err := ParseSize(in); err == nil {
			t.Errorf("ParseSize(%q) = %d, want an error", in, got)
		}
	}
}

func TestMaxFileSize(t *testing.T) {
	cfg, err := Parse(".iamlint.yml", []byte("version: 1\nmax-file-size: 16MiB\n"))
	if err != nil || cfg.MaxFileSize != 16<<20 {
		t.Fatalf("got %+v, %v", cfg, err)
	}
}
