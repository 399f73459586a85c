package rules_test

import (
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

var (
	idPattern   = regexp.MustCompile(`^IAM[1-5]\d\d$`)
	namePattern = regexp.MustCompile(`^[a-z0-9]+(-[a-z0-9]+)*$`)
)

// cloudFormationRules are the rules that show CloudFormation with a bad and
// a good template in their documentation. Every rule shows each other
// language it reads (Rule.Languages); Go examples run in the analyzers'
// tests.
var cloudFormationRules = map[string]bool{
	"IAM101": true, "IAM102": true, "IAM104": true, "IAM105": true, "IAM107": true, "IAM108": true,
	"IAM201": true, "IAM202": true, "IAM203": true, "IAM301": true, "IAM302": true, "IAM303": true,
}

// ciRules are the rules about CI jobs, whose examples are pipelines.
var ciRules = map[string]bool{"IAM501": true, "IAM502": true}

func TestRegistry(t *testing.T) {
	all := rules.All()
	ids, names := map[string]bool{}, map[string]bool{}
	for i, r := range all {
		if i > 0 && all[i-1].ID >= r.ID {
			t.Errorf("rules not sorted by ID at %s", r.ID)
		}
		if !idPattern.MatchString(r.ID) || !namePattern.MatchString(r.Name) {
			t.Errorf("bad ID or name: %q %q", r.ID, r.Name)
		}
		if ids[r.ID] || names[r.Name] {
			t.Errorf("duplicate rule %s %s", r.ID, r.Name)
		}
		ids[r.ID], names[r.Name] = true, true
		if r.Level < model.Note || r.Level > model.Error {
			t.Errorf("%s: bad level %d", r.ID, r.Level)
		}
		if r.Short == "" || strings.HasSuffix(r.Short, ".") || r.Doc.Why == "" || r.Doc.Fix == "" || r.Check == nil {
			t.Errorf("%s: incomplete rule (short without a final period, why, fix, check)", r.ID)
		}
		for _, lang := range []model.Language{model.Terraform, model.CloudFormation, model.Go} {
			var bad, good bool
			for _, ex := range r.Doc.Examples {
				if ex.Language == lang {
					bad, good = bad || ex.Bad, good || !ex.Bad
				}
			}
			reads := slices.Contains(r.Languages, lang)
			// The CI rules read Terraform and CloudFormation only to join a
			// job to the key, secret or role it uses: their examples are
			// pipelines (ciRules).
			needs := map[model.Language]bool{model.Terraform: reads && !ciRules[r.ID], model.CloudFormation: cloudFormationRules[r.ID], model.Go: reads}
			if needs[lang] && !reads {
				t.Errorf("%s: has %s examples, but does not read it (Languages)", r.ID, lang)
			}
			if needs[lang] && (!bad || !good) {
				t.Errorf("%s: needs a bad and a good %s example", r.ID, lang)
			}
		}
		if rules.Lookup(r.ID) != r || rules.Lookup(strings.ToUpper(r.Name)) != r {
			t.Errorf("%s: Lookup does not find it by ID and name", r.ID)
		}
	}
}

// The catalog is a public contract (the README's rule table): these never change.
func TestCatalogContract(t *testing.T) {
	want := map[string]string{
		"IAM101": "access-key-in-ec2 error",
		"IAM102": "access-key-in-service error",
		"IAM103": "access-key-in-ci error",
		"IAM104": "access-key-exported warning",
		"IAM105": "access-key-long-term warning",
		"IAM106": "static-credentials-in-provider error",
		"IAM107": "hardcoded-access-key error",
		"IAM108": "access-key-minting-permission warning",
		"IAM201": "user-attached-policy warning",
		"IAM202": "user-console-access warning",
		"IAM203": "user-multiple-access-keys warning",
		"IAM301": "trust-any-principal error",
		"IAM302": "cross-account-trust-unconditioned warning",
		"IAM303": "oidc-trust-unscoped error",
		"IAM401": "go-static-credentials error",
		"IAM501": "ci-static-aws-credentials warning",
		"IAM502": "ci-oidc-trust-mismatch error",
	}
	for _, r := range rules.All() {
		if got := r.Name + " " + r.Level.String(); want[r.ID] != got {
			t.Errorf("%s: %q, want %q", r.ID, got, want[r.ID])
		}
	}
}

func TestSelect(t *testing.T) {
	got, err := rules.Select([]string{"IAM105", "user-console-access"}, []string{"iam105"})
	if err != nil || len(got) != 1 || got[0].ID != "IAM202" {
		t.Errorf("Select = %v, %v", got, err)
	}
	_, err = rules.Select([]string{"IAM1O5"}, nil)
	if err == nil || !strings.Contains(err.Error(), `did you mean "IAM105"`) {
		t.Errorf("Select(typo) error = %v", err)
	}
	if all, _ := rules.Select(nil, nil); len(all) != len(rules.All()) {
		t.Errorf("Select(nil, nil) = %d rules", len(all))
	}
}

// TestSelectUnknownID: an ID that is not in the catalog is not a typo of
// the nearest one; the error says so and lists the IDs there are.
func TestSelectUnknownID(t *testing.T) {
	const want = "no rule IAM999; rule IDs are IAM101-IAM108, IAM201-IAM203, IAM301-IAM303, IAM401, IAM501-IAM502"
	for _, in := range []string{"IAM999", "iam999", "IAM109", "IAM1"} {
		_, err := rules.Select([]string{in}, nil)
		if err == nil || !strings.Contains(err.Error(), "; rule IDs are IAM101-IAM108, IAM201-IAM203, IAM301-IAM303, IAM401, IAM501-IAM502") ||
			strings.Contains(err.Error(), "did you mean") {
			t.Errorf("Select(%q) error = %v, want like %q", in, err, want)
		}
	}
	if _, err := rules.Select([]string{"IAM999"}, nil); err == nil || err.Error() != want {
		t.Errorf("Select(IAM999) error = %v, want %q", err, want)
	}
	// A name's typo still gets a suggestion.
	if _, err := rules.Select([]string{"acces-key-in-ci"}, nil); err == nil || !strings.Contains(err.Error(), `did you mean "access-key-in-ci"`) {
		t.Errorf("Select(name typo) error = %v", err)
	}
}
