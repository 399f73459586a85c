package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

type sarifLog struct {
	Schema  string `json:"$schema"`
	Version string `json:"version"`
	Runs    []struct {
		ColumnKind         string `json:"columnKind"`
		OriginalURIBaseIDs map[string]struct {
			URI string `json:"uri"`
		} `json:"originalUriBaseIds"`
		Tool struct {
			Driver struct {
				Name            string `json:"name"`
				SemanticVersion string `json:"semanticVersion"`
				Rules           []struct {
					ID         string         `json:"id"`
					Properties map[string]any `json:"properties"`
				} `json:"rules"`
			} `json:"driver"`
		} `json:"tool"`
		Results []struct {
			RuleID              string            `json:"ruleId"`
			RuleIndex           *int              `json:"ruleIndex"`
			Level               string            `json:"level"`
			PartialFingerprints map[string]string `json:"partialFingerprints"`
			Locations           []sarifLocation   `json:"locations"`
			RelatedLocations    []sarifLocation   `json:"relatedLocations"`
			Suppressions        []struct {
				Kind          string         `json:"kind"`
				Justification string         `json:"justification"`
				Location      *sarifLocation `json:"location"`
			} `json:"suppressions"`
		} `json:"results"`
		Invocations []struct {
			ExecutionSuccessful        bool `json:"executionSuccessful"`
			ToolExecutionNotifications []struct {
				Level     string          `json:"level"`
				Locations []sarifLocation `json:"locations"`
			} `json:"toolExecutionNotifications"`
		} `json:"invocations"`
	} `json:"runs"`
}

type sarifLocation struct {
	ID               int `json:"id"`
	PhysicalLocation struct {
		ArtifactLocation struct {
			URI       string `json:"uri"`
			URIBaseID string `json:"uriBaseId"`
		} `json:"artifactLocation"`
		Region *struct {
			StartLine   int `json:"startLine"`
			StartColumn int `json:"startColumn"`
			EndLine     int `json:"endLine"`
			EndColumn   int `json:"endColumn"`
		} `json:"region"`
	} `json:"physicalLocation"`
}

func writeSARIF(t *testing.T, r *Report) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := WriteSARIF(&buf, r); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func TestSARIFContent(t *testing.T) {
	r := testReport()
	out := writeSARIF(t, r)
	var log sarifLog
	if err := json.Unmarshal(out, &log); err != nil {
		t.Fatalf("not JSON: %v", err)
	}
	if log.Version != "2.1.0" || len(log.Runs) != 1 {
		t.Fatalf("version %q, %d runs; want 2.1.0 and 1 run", log.Version, len(log.Runs))
	}
	run := log.Runs[0]
	if run.ColumnKind != "utf16CodeUnits" {
		t.Errorf("columnKind = %q", run.ColumnKind)
	}
	if got := run.OriginalURIBaseIDs["%SRCROOT%"].URI; got != "file:///work/project/" {
		t.Errorf("%%SRCROOT%% = %q, want file:///work/project/", got)
	}
	if got := run.Tool.Driver.SemanticVersion; got != "0.3.0" {
		t.Errorf("semanticVersion = %q", got)
	}
	driverRules := run.Tool.Driver.Rules
	if len(driverRules) != len(r.Rules) {
		t.Fatalf("%d driver rules, want the whole catalog (%d)", len(driverRules), len(r.Rules))
	}
	for _, rule := range driverRules {
		if rule.Properties["security-severity"] == nil || rule.Properties["precision"] == nil {
			t.Errorf("rule %s lacks security-severity or precision: %v", rule.ID, rule.Properties)
		}
	}
	// The findings, then the suppressed ones with their suppression.
	if len(run.Results) != len(r.Findings)+len(r.Suppressed) {
		t.Fatalf("%d results, want %d", len(run.Results), len(r.Findings)+len(r.Suppressed))
	}
	for i, res := range run.Results[len(r.Findings):] {
		s := r.Suppressed[i]
		if len(res.Suppressions) != 1 || res.Suppressions[0].Kind != "inSource" || res.Suppressions[0].Justification != s.Justification {
			t.Errorf("suppressed result %d: suppressions %+v, want one inSource with %q", i, res.Suppressions, s.Justification)
		}
		if hasLoc := res.Suppressions[0].Location != nil; hasLoc != !s.Location.IsZero() {
			t.Errorf("suppressed result %d: location %v, want one only when known", i, res.Suppressions[0].Location)
		}
	}
	for i, res := range run.Results[:len(r.Findings)] {
		f := r.Findings[i]
		if len(res.Suppressions) != 0 {
			t.Errorf("result %d is suppressed", i)
		}
		if res.RuleIndex == nil || driverRules[*res.RuleIndex].ID != res.RuleID || res.RuleID != f.Rule.ID {
			t.Errorf("result %d: ruleId %q, ruleIndex %v; want %s at its index", i, res.RuleID, res.RuleIndex, f.Rule.ID)
		}
		if got, want := res.PartialFingerprints["iamlint/v1"], f.Fingerprint(); got != want {
			t.Errorf("result %d: fingerprint %q, want %q", i, got, want)
		}
		if len(res.Locations) != 1 {
			t.Errorf("result %d: %d locations", i, len(res.Locations))
		}
	}

	// The IAM105 finding on main.tf and its related locations.
	var found bool
	for _, res := range run.Results {
		if res.RuleID != "IAM105" || res.Level != "error" || len(res.Suppressions) > 0 {
			continue
		}
		found = true
		loc := res.Locations[0].PhysicalLocation
		if loc.ArtifactLocation.URI != "main.tf" || loc.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("location %+v, want main.tf under %%SRCROOT%%", loc.ArtifactLocation)
		}
		if len(res.RelatedLocations) != 2 {
			t.Fatalf("%d related locations, want 2", len(res.RelatedLocations))
		}
		abs := res.RelatedLocations[0]
		if abs.ID != 1 || abs.PhysicalLocation.ArtifactLocation.URI != "main.tf" || abs.PhysicalLocation.ArtifactLocation.URIBaseID != "%SRCROOT%" {
			t.Errorf("absolute path under WorkDir: got %+v", abs)
		}
		outside := res.RelatedLocations[1].PhysicalLocation.ArtifactLocation
		if outside.URI != "file:///work/shared/users.tf" || outside.URIBaseID != "" {
			t.Errorf("path outside WorkDir: got %+v, want an absolute file URI", outside)
		}
	}
	if !found {
		t.Error("no IAM105 error result")
	}

	// The hardcoded key sits after a tab, "é" and "日本": UTF-16 columns.
	for _, res := range run.Results {
		if res.RuleID == "IAM107" {
			reg := res.Locations[0].PhysicalLocation.Region
			if reg == nil || reg.StartLine != 6 || reg.StartColumn != 39 || reg.EndColumn != 62 {
				t.Errorf("IAM107 region %+v, want 6:39-62 (byte column 44)", reg)
			}
		}
	}

	inv := run.Invocations
	if len(inv) != 1 || !inv[0].ExecutionSuccessful || len(inv[0].ToolExecutionNotifications) != 2 {
		t.Fatalf("invocations %+v", inv)
	}
	if strings.Contains(string(out), `"rank"`) || strings.Contains(string(out), ": null") || strings.Contains(string(out), "[]") || strings.Contains(string(out), "-1") {
		t.Error("output has rank, null, -1 or an empty array")
	}
}

func TestSARIFEmpty(t *testing.T) {
	out := string(writeSARIF(t, &Report{}))
	for _, want := range []string{`"results": []`, `"rules": []`} {
		if !strings.Contains(out, want) {
			t.Errorf("an empty report must say %s:\n%s", want, out)
		}
	}
}
