package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/url"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/owenrumney/go-sarif/v3/pkg/report/v210/sarif"

	"github.com/iamlint/iamlint/lint/ruledoc"
	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

const (
	toolName       = "iamlint"
	toolURI        = "https://github.com/iamlint/iamlint"
	ruleHelpURI    = "https://github.com/iamlint/iamlint/blob/main/docs/rules/%s.md"
	srcRoot        = "%SRCROOT%"
	fingerprintKey = "iamlint/v1"
	// schemaURI is the one the SARIF Multitool and GitHub expect; go-sarif's
	// default points into the spec's GitHub repository.
	schemaURI = "https://json.schemastore.org/sarif-2.1.0.json"
)

// WriteSARIF writes r as a SARIF 2.1.0 log with one run. The same report
// always gives the same bytes: no timestamps, no GUIDs, sorted maps.
func WriteSARIF(w io.Writer, r *Report) error {
	if r == nil {
		r = &Report{}
	}
	raw, err := json.Marshal(buildSARIF(r))
	if err != nil {
		return err
	}
	out, err := tidySARIF(raw)
	if err != nil {
		return err
	}
	_, err = w.Write(out)
	return err
}

func buildSARIF(r *Report) *sarif.Report {
	src := newSourceSet(r)
	loc := locator{workDir: r.WorkDir}

	run := sarif.NewRunWithInformationURI(toolName, toolURI)
	run.WithColumnKind("utf16CodeUnits")
	run.NewlineSequences = nil // the default, said again by go-sarif
	driver := run.Tool.Driver
	driver.Contents = nil         // likewise
	driver.WithFullName(toolName) // Azure DevOps requires it (GHAzDO1018)
	if v := toolVersion(r.Version); v != "" {
		driver.WithVersion(v).WithFullName(toolName + " " + v)
	}
	if v, ok := semanticVersion(r.Version); ok {
		driver.WithSemanticVersion(v)
	}
	if base, ok := loc.rootURI(); ok {
		run.WithOriginalUriBaseIds(map[string]sarif.ArtifactLocation{
			srcRoot: *sarif.NewSimpleArtifactLocation(base),
		})
	}

	index := map[string]int{}
	addRule := func(rule *rules.Rule) {
		if _, ok := index[rule.ID]; ok {
			return
		}
		index[rule.ID] = len(driver.Rules)
		driver.AddRule(sarifRule(rule))
	}
	for _, rule := range r.Rules {
		if rule != nil {
			addRule(rule)
		}
	}
	// A finding whose rule is missing from the catalog still gets a valid
	// ruleIndex rather than -1.
	for _, f := range r.Findings {
		addRule(ruleOf(f))
	}

	for _, f := range r.Findings {
		res := sarifResult(loc, src, index, f)
		if x, ok := r.Fixes[fixKey(f)]; ok && f.Rule != nil {
			if fix := sarifFix(loc, src, x); fix != nil {
				res.AddFixe(fix)
			}
		}
		run.AddResult(res)
	}
	// Suppressed findings stay in the log, marked, so that viewers can show
	// them as such and the suppressions can be audited (README "Suppressions").
	for _, s := range r.Suppressed {
		addRule(ruleOf(s.Finding))
		res := sarifResult(loc, src, index, s.Finding)
		sup := sarif.NewSuppression().WithKind("inSource")
		if s.Justification != "" {
			sup.WithJustification(s.Justification)
		}
		if l := loc.location(src, s.Location); l != nil {
			sup.WithLocation(l)
		}
		res.AddSuppression(sup)
		run.AddResult(res)
	}

	// The tool ran even when some input did not parse; parse problems are
	// notifications, not a failed execution.
	inv := sarif.NewInvocation().WithExecutionSuccessful(true)
	for _, d := range sortedDiagnostics(r.diagnostics()) {
		msg := d.Summary
		if d.Detail != "" {
			msg += ": " + d.Detail
		}
		n := sarif.NewNotification().
			WithLevel(severityName(d.Severity)).
			WithMessage(sarif.NewTextMessage(msg))
		if l := loc.location(src, d.Range); l != nil {
			n.AddLocation(l)
		}
		inv.AddToolExecutionNotification(n)
	}
	run.AddInvocation(inv)

	log := sarif.NewReport().AddRun(run)
	log.Schema = schemaURI
	return log
}

// sarifResult is the SARIF result of one finding.
func sarifResult(loc locator, src *sourceSet, index map[string]int, f rules.Finding) *sarif.Result {
	rule := ruleOf(f)
	res := sarif.NewRuleResult(rule.ID).
		WithRuleIndex(index[rule.ID]).
		WithLevel(levelOf(f).String()).
		WithMessage(sarif.NewTextMessage(f.Message)).
		WithPartialFingerprints(map[string]string{fingerprintKey: fingerprintOf(f)})
	res.Kind = "" // "fail" is the default
	if l := loc.location(src, f.Range); l != nil {
		res.AddLocation(l)
	}
	for i, rel := range f.Related {
		l := loc.location(src, rel.Range)
		if l == nil {
			continue
		}
		l.WithID(i + 1)
		if rel.Message != "" {
			l.WithMessage(sarif.NewTextMessage(rel.Message))
		}
		res.AddRelatedLocation(l)
	}
	if flow := codeFlow(loc, src, f.Flow); flow != nil {
		res.AddCodeFlow(flow)
	}
	return res
}

// fixKey is the key of a finding's fix in Report.Fixes: its fingerprint.
func fixKey(f rules.Finding) string {
	if f.Rule == nil {
		return ""
	}
	return f.Fingerprint()
}

// sarifFix is a fix as SARIF writes it: per file, the regions to delete
// and the text to insert there, in the positions of the file as scanned.
func sarifFix(loc locator, src *sourceSet, x Fix) *sarif.Fix {
	fix := sarif.NewFix().WithDescription(sarif.NewTextMessage(x.Description))
	for _, c := range x.Changes {
		idx := model.NewLineIndex(c.Old)
		change := sarif.NewArtifactChange().WithArtifactLocation(loc.artifact(c.Path))
		for _, e := range c.Edits {
			reg := src.region(idx.Range(c.Path, e.Start, e.End))
			if reg == nil {
				continue
			}
			rep := sarif.NewReplacement().WithDeletedRegion(reg)
			if e.New != "" {
				rep.WithInsertedContent(sarif.NewArtifactContent().WithText(e.New))
			}
			change.AddReplacement(rep)
		}
		if len(change.Replacements) > 0 {
			fix.AddArtifactChange(change)
		}
	}
	if len(fix.ArtifactChanges) == 0 {
		return nil
	}
	return fix
}

// codeFlow turns a credential flow into a SARIF code flow: one thread, one
// location per hop, from the source to the sink.
func codeFlow(loc locator, src *sourceSet, hops []rules.Related) *sarif.CodeFlow {
	if len(hops) == 0 {
		return nil
	}
	thread := sarif.NewThreadFlow()
	for _, h := range hops {
		l := loc.location(src, h.Range)
		if l == nil {
			continue
		}
		if h.Message != "" {
			l.WithMessage(sarif.NewTextMessage(h.Message))
		}
		tfl := sarif.NewThreadFlowLocation()
		tfl.Location = l
		thread.AddLocation(tfl)
	}
	if len(thread.Locations) == 0 {
		return nil
	}
	return sarif.NewCodeFlow().AddThreadFlow(thread)
}

// sarifRule describes a rule for tool.driver.rules, in the form GitHub code
// scanning reads: help markdown, security-severity, precision and tags.
func sarifRule(rule *rules.Rule) *sarif.ReportingDescriptor {
	d := sarif.NewRule(rule.ID)
	if rule.Name != "" {
		d.WithName(rule.Name)
	}
	d.WithShortDescription(sarif.NewMultiformatMessageString().WithText(firstNonEmpty(rule.Short, rule.Name, rule.ID)))
	if rule.Doc.Why != "" {
		d.WithFullDescription(sarif.NewMultiformatMessageString().WithText(rule.Doc.Why))
	}
	if text := ruledoc.HelpText(rule); text != "" {
		d.WithHelp(sarif.NewMultiformatMessageString().WithText(text).WithMarkdown(ruledoc.HelpMarkdown(rule)))
	}
	d.WithHelpURI(fmt.Sprintf(ruleHelpURI, url.PathEscape(rule.ID)))

	level := rule.Level
	if level < model.Note || level > model.Error {
		level = model.Warning
	}
	d.WithDefaultConfiguration(sarif.NewReportingConfiguration().WithLevel(level.String()))

	props := sarif.NewPropertyBag()
	props.AddTag("security") // GitHub files results under Security only with this tag
	for _, t := range rule.Tags {
		if t != "security" {
			props.AddTag(t)
		}
	}
	props.Add("security-severity", level.SecuritySeverity())
	props.Add("precision", firstNonEmpty(rule.Precision, "high"))
	d.WithProperties(props)
	return d
}

func firstNonEmpty(s ...string) string {
	for _, v := range s {
		if v != "" {
			return v
		}
	}
	return ""
}

// toolVersion drops the "v" of a tag (v1.2.0): the Multitool (SARIF2005)
// wants a version that starts with a digit, so that versions compare.
func toolVersion(version string) string {
	if v := strings.TrimPrefix(version, "v"); v != "" && v[0] >= '0' && v[0] <= '9' {
		return v
	}
	return version
}

var semverRE = regexp.MustCompile(`^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?(\+[0-9A-Za-z.-]+)?$`)

// semanticVersion is version without its "v" when it is a SemVer 2.0
// version; "dev" or "(devel)" builds have none.
func semanticVersion(version string) (string, bool) {
	v := strings.TrimPrefix(version, "v")
	return v, semverRE.MatchString(v)
}

// locator turns file paths into SARIF artifact locations: relative to
// %SRCROOT% (the work directory) when possible, else absolute file URIs.
type locator struct {
	workDir string
}

// rootURI is the work directory as a file URI with the trailing slash SARIF
// requires of a base URI.
func (l locator) rootURI() (string, bool) {
	if l.workDir == "" {
		return "", false
	}
	dir, err := filepath.Abs(l.workDir)
	if err != nil {
		return "", false
	}
	uri := fileURI(dir)
	if !strings.HasSuffix(uri, "/") {
		uri += "/"
	}
	return uri, true
}

func (l locator) artifact(path string) *sarif.ArtifactLocation {
	p := filepath.Clean(path)
	if filepath.IsAbs(p) && l.workDir != "" {
		if rel, err := filepath.Rel(l.workDir, p); err == nil && !escapes(rel) {
			p = rel
		}
	}
	if !filepath.IsAbs(p) && escapes(p) && l.workDir != "" {
		// A path above the work directory has no place under %SRCROOT%.
		p = filepath.Join(l.workDir, p)
	}
	if filepath.IsAbs(p) {
		return sarif.NewSimpleArtifactLocation(fileURI(p))
	}
	u := &url.URL{Path: filepath.ToSlash(p)} // String escapes and guards a "c:" first segment
	return sarif.NewSimpleArtifactLocation(u.String()).WithURIBaseID(srcRoot)
}

// location is a SARIF location for rg, or nil when rg has no file.
func (l locator) location(src *sourceSet, rg model.Range) *sarif.Location {
	if rg.File == "" {
		return nil
	}
	phys := sarif.NewPhysicalLocation().WithArtifactLocation(l.artifact(rg.File))
	if reg := src.region(rg); reg != nil {
		phys.WithRegion(reg)
	}
	return sarif.NewLocationWithPhysicalLocation(phys)
}

// region converts rg to SARIF lines and UTF-16 columns; SARIF's endColumn
// is exclusive like the model's End. It is nil when rg has no position.
func (s *sourceSet) region(rg model.Range) *sarif.Region {
	if rg.Start.Line < 1 {
		return nil
	}
	start := s.utf16Col(rg.File, rg.Start)
	reg := sarif.NewRegion().WithStartLine(rg.Start.Line).WithStartColumn(start)
	if rg.End.Line >= rg.Start.Line {
		end := s.utf16Col(rg.File, rg.End)
		if rg.End.Line == rg.Start.Line {
			end = max(end, start) // never a region that ends before it starts
		}
		reg.WithEndLine(rg.End.Line).WithEndColumn(end)
	}
	return reg
}

func escapes(rel string) bool {
	return rel == ".." || strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// fileURI is the file:// URI of an absolute path; Windows drive paths get
// the leading slash URIs need (file:///C:/x).
func fileURI(abs string) string {
	p := filepath.ToSlash(abs)
	if !strings.HasPrefix(p, "/") {
		p = "/" + p
	}
	return (&url.URL{Scheme: "file", Path: p}).String()
}

// tidySARIF removes what the go-sarif structs always emit but a SARIF log
// should not say: nulls, empty arrays and objects, and the -1 that stands
// for "unset" in index, id, rank and offset fields. Member order is kept.
// It also indents the log and does not escape <, > and & in help markdown.
func tidySARIF(raw []byte) ([]byte, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	v, err := parseJSON(dec)
	if err != nil {
		return nil, err
	}
	v.prune()

	var compact bytes.Buffer
	enc := json.NewEncoder(&compact)
	enc.SetEscapeHTML(false)
	if err := v.encode(&compact, enc); err != nil {
		return nil, err
	}
	var out bytes.Buffer
	if err := json.Indent(&out, compact.Bytes(), "", "  "); err != nil {
		return nil, err
	}
	out.WriteByte('\n')
	return out.Bytes(), nil
}

// jsonValue is parsed JSON that keeps the order of object members, which a
// map would lose.
type jsonValue struct {
	kind    byte // '{', '[' or 0 for a scalar
	members []jsonMember
	elems   []*jsonValue
	scalar  any // string, json.Number, bool or nil
}

type jsonMember struct {
	key string
	val *jsonValue
}

func parseJSON(dec *json.Decoder) (*jsonValue, error) {
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	delim, ok := tok.(json.Delim)
	if !ok {
		return &jsonValue{scalar: tok}, nil
	}
	v := &jsonValue{kind: byte(delim)}
	for dec.More() {
		if v.kind == '{' {
			key, err := dec.Token()
			if err != nil {
				return nil, err
			}
			val, err := parseJSON(dec)
			if err != nil {
				return nil, err
			}
			k, _ := key.(string)
			v.members = append(v.members, jsonMember{k, val})
			continue
		}
		elem, err := parseJSON(dec)
		if err != nil {
			return nil, err
		}
		v.elems = append(v.elems, elem)
	}
	_, err = dec.Token() // the closing delimiter
	return v, err
}

// unsetKeys are the SARIF properties whose -1 means "not given".
var unsetKeys = map[string]bool{
	"index": true, "id": true, "rank": true, "ruleIndex": true,
	"byteOffset": true, "charOffset": true,
}

// keepEmpty are the arrays that say something when empty: results: [] means
// "ran and found nothing" (absent would mean the run failed), and GitHub
// requires driver.rules (GH1018).
var keepEmpty = map[string]bool{"results": true, "rules": true}

func (v *jsonValue) prune() {
	for _, e := range v.elems {
		e.prune()
	}
	kept := v.members[:0]
	for _, m := range v.members {
		m.val.prune()
		switch {
		case keepEmpty[m.key] && m.val.kind == '[':
		case m.val.empty():
			continue
		case unsetKeys[m.key] && m.val.scalar == json.Number("-1"):
			continue
		}
		kept = append(kept, m)
	}
	v.members = kept
}

func (v *jsonValue) empty() bool {
	switch v.kind {
	case '{':
		return len(v.members) == 0
	case '[':
		return len(v.elems) == 0
	}
	return v.scalar == nil
}

// encode writes v compactly; enc writes the scalars.
func (v *jsonValue) encode(buf *bytes.Buffer, enc *json.Encoder) error {
	switch v.kind {
	case '{':
		buf.WriteByte('{')
		for i, m := range v.members {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := encodeScalar(buf, enc, m.key); err != nil {
				return err
			}
			buf.WriteByte(':')
			if err := m.val.encode(buf, enc); err != nil {
				return err
			}
		}
		buf.WriteByte('}')
	case '[':
		buf.WriteByte('[')
		for i, e := range v.elems {
			if i > 0 {
				buf.WriteByte(',')
			}
			if err := e.encode(buf, enc); err != nil {
				return err
			}
		}
		buf.WriteByte(']')
	default:
		return encodeScalar(buf, enc, v.scalar)
	}
	return nil
}

// encodeScalar writes s with enc, dropping the newline Encode adds.
func encodeScalar(buf *bytes.Buffer, enc *json.Encoder, s any) error {
	if err := enc.Encode(s); err != nil {
		return err
	}
	buf.Truncate(buf.Len() - 1)
	return nil
}
