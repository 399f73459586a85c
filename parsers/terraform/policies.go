package terraform

import (
	"bytes"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclsyntax"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/jsonpos"
	"github.com/iamlint/iamlint/parsers/model"
)

// policyAttr is an attribute that holds a policy document.
type policyAttr struct {
	path []string // attribute, or block then attribute
	kind model.PolicyKind
}

// policyAttrs lists, per resource type, where its policy documents are.
var policyAttrs = map[string][]policyAttr{
	"aws_iam_role":                     {{[]string{"assume_role_policy"}, model.TrustPolicy}, {[]string{"inline_policy", "policy"}, model.IdentityPolicy}},
	"aws_iam_policy":                   {{[]string{"policy"}, model.IdentityPolicy}},
	"aws_iam_role_policy":              {{[]string{"policy"}, model.IdentityPolicy}},
	"aws_iam_user_policy":              {{[]string{"policy"}, model.IdentityPolicy}},
	"aws_iam_group_policy":             {{[]string{"policy"}, model.IdentityPolicy}},
	"aws_s3_bucket_policy":             {{[]string{"policy"}, model.ResourcePolicy}},
	"aws_sqs_queue_policy":             {{[]string{"policy"}, model.ResourcePolicy}},
	"aws_sns_topic_policy":             {{[]string{"policy"}, model.ResourcePolicy}},
	"aws_kms_key":                      {{[]string{"policy"}, model.ResourcePolicy}},
	"aws_ecr_repository_policy":        {{[]string{"policy"}, model.ResourcePolicy}},
	"aws_secretsmanager_secret_policy": {{[]string{"policy"}, model.ResourcePolicy}},
}

// resourcePoliciesOnly are the resource types whose only policies are
// resource policies: what the selection need not keep for their policy
// words when no rule reads resource policies.
var resourcePoliciesOnly = func() map[string]bool {
	only := map[string]bool{}
	for typ, attrs := range policyAttrs {
		only[typ] = !slices.ContainsFunc(attrs, func(pa policyAttr) bool { return pa.kind != model.ResourcePolicy })
	}
	return only
}()

// policyDocType is the data source that builds a policy from blocks.
const policyDocType = "aws_iam_policy_document"

// policyRef is an attribute that points at a policy document data source,
// resolved once every block of the module is read.
type policyRef struct {
	owner   *model.Resource
	attr    string
	kind    model.PolicyKind
	address string // data.aws_iam_policy_document.x
}

// policies reads the policy documents of a resource.
func (b *builder) policies(r *model.Resource, body hcl.Body) {
	if r.Mode == model.Data && r.Type == policyDocType {
		r.Policies = append(r.Policies, &model.AttachedPolicy{Kind: model.IdentityPolicy, Policy: policyDocument(r.Body)})
		return
	}
	if r.Mode != model.Managed {
		return
	}
	for _, pa := range policyAttrs[r.Type] {
		name := strings.Join(pa.path, ".")
		for _, expr := range attrExprs(body, pa.path) {
			if addr := policyDocRef(expr); addr != "" {
				b.policyRefs = append(b.policyRefs, policyRef{owner: r, attr: name, kind: pa.kind, address: addr})
				continue
			}
			if p := b.policyFromExpr(expr); p != nil {
				r.Policies = append(r.Policies, &model.AttachedPolicy{Kind: pa.kind, Attr: name, Policy: p})
			}
		}
	}
}

// attrExprs finds the expressions at path in a body: an attribute, or an
// attribute of every block of a type.
func attrExprs(body hcl.Body, path []string) []hcl.Expression {
	nb, ok := body.(*hclsyntax.Body)
	if !ok {
		if len(path) != 1 {
			return nil
		}
		attrs, _ := body.JustAttributes()
		if a, ok := attrs[path[0]]; ok {
			return []hcl.Expression{a.Expr}
		}
		return nil
	}
	if len(path) == 1 {
		if a, ok := nb.Attributes[path[0]]; ok {
			return []hcl.Expression{a.Expr}
		}
		return nil
	}
	var out []hcl.Expression
	for _, blk := range nb.Blocks {
		if blk.Type == path[0] {
			out = append(out, attrExprs(blk.Body, path[1:])...)
		}
	}
	return out
}

// policyDocRef returns the data source an expression reads the JSON of, as
// in assume_role_policy = data.aws_iam_policy_document.trust.json.
func policyDocRef(expr hcl.Expression) string {
	if w, ok := expr.(*hclsyntax.TemplateWrapExpr); ok {
		expr = w.Wrapped
	}
	t, diags := hcl.AbsTraversalForExpr(expr)
	if diags.HasErrors() {
		// data.x.y[each.key].json is not a static traversal: the document
		// is the collection indexed, json the attribute read after it.
		rel, ok := expr.(*hclsyntax.RelativeTraversalExpr)
		if !ok {
			return ""
		}
		idx, ok := rel.Source.(*hclsyntax.IndexExpr)
		if !ok {
			return ""
		}
		coll, ok := idx.Collection.(*hclsyntax.ScopeTraversalExpr)
		if !ok {
			return ""
		}
		t = append(slices.Clip(coll.Traversal), rel.Traversal...)
	}
	// An index selects one instance of a counted document: all instances
	// are built from the same blocks.
	var steps hcl.Traversal
	for _, s := range t {
		if _, isIndex := s.(hcl.TraverseIndex); !isIndex {
			steps = append(steps, s)
		}
	}
	t = steps
	if len(t) != 4 || t.RootName() != "data" {
		return ""
	}
	typ, _ := t[1].(hcl.TraverseAttr)
	name, _ := t[2].(hcl.TraverseAttr)
	attr, _ := t[3].(hcl.TraverseAttr)
	if typ.Name != policyDocType || attr.Name != "json" && attr.Name != "minified_json" {
		return ""
	}
	return "data." + policyDocType + "." + name.Name
}

// policyFromExpr reads a policy from the forms Terraform code writes it
// in, keeping exact positions where the source has them.
func (b *builder) policyFromExpr(expr hcl.Expression) *model.Policy {
	switch e := expr.(type) {
	case *hclsyntax.FunctionCallExpr:
		switch {
		case e.Name == "jsonencode" && len(e.Args) == 1:
			return model.PolicyFromValue(b.exprValue(e.Args[0]))
		case (e.Name == "file" || e.Name == "templatefile") && len(e.Args) >= 1:
			return b.policyFromFile(e)
		}
	case *hclsyntax.TemplateExpr:
		if p, read := b.policyFromHeredoc(e); read {
			return p
		}
	}
	// Anything else that evaluates to a JSON string: the document is
	// known, its positions only as the whole expression.
	v := b.eval(expr)
	if !v.IsKnown() || v.IsNull() || v.Type() != cty.String {
		return nil
	}
	doc, err := jsonpos.ParseString(v.AsString(), b.rng(expr.Range()))
	if err != nil {
		b.policyNotRead(err, b.rng(expr.Range()).File)
		return nil
	}
	return model.PolicyFromValue(doc)
}

// policyNotRead says that a policy document is valid JSON nested too
// deeply to read, rather than drop it without a word as text that is not
// JSON is. file is where err's position is.
func (b *builder) policyNotRead(err error, file string) {
	var e *jsonpos.Error
	if !errors.Is(err, jsonpos.ErrTooDeep) || !errors.As(err, &e) {
		return
	}
	b.diags = append(b.diags, model.Diagnostic{
		Severity: model.Warning,
		Summary:  fmt.Sprintf("policy document nested more than %d levels deep: not checked", model.MaxNesting),
		Detail:   "The policy is not read, so no rule checks it. A policy is a few levels deep; this one cannot be what AWS accepts.",
		Range:    model.Range{File: file, Start: e.Pos, End: e.Pos},
	})
}

// policyFromFile reads the JSON of file() or templatefile() where it is
// written, so that findings point into the file.
func (b *builder) policyFromFile(call *hclsyntax.FunctionCallExpr) *model.Policy {
	p := b.eval(call.Args[0])
	if !p.IsKnown() || p.IsNull() || p.Type() != cty.String {
		return nil
	}
	src, path, err := b.readFile(p.AsString())
	if err != nil {
		return nil
	}
	parsed := src
	if call.Name == "templatefile" {
		parsed = maskInterpolations(src)
	}
	doc, err := jsonpos.Parse(parsed, path, model.Pos{Line: 1, Column: 1})
	if err != nil {
		b.policyNotRead(err, path)
		return nil
	}
	if call.Name == "templatefile" {
		unknownInterpolations(doc, src, nil)
	}
	return model.PolicyFromValue(doc)
}

// policyFromHeredoc parses a heredoc's JSON from the source itself, so
// every element keeps its position in the .tf file. A string with an
// interpolation is unknown and reads what the interpolation reads; $${ is
// the escaped ${ of IAM policy variables. read is false when the heredoc
// is not JSON, which the caller then evaluates.
func (b *builder) policyFromHeredoc(e *hclsyntax.TemplateExpr) (p *model.Policy, read bool) {
	rng := e.Range()
	src := b.srcs[rng.Filename]
	if src == nil || rng.End.Byte > len(src) || !bytes.HasPrefix(src[rng.Start.Byte:], []byte("<<")) {
		return nil, false
	}
	body := src[rng.Start.Byte:rng.End.Byte]
	open := bytes.IndexByte(body, '\n')
	last := bytes.LastIndexByte(body, '\n')
	if open < 0 || last <= open {
		return nil, false
	}
	start := rng.Start.Byte + open + 1
	content := src[start : rng.Start.Byte+last+1]
	lines := b.lines[rng.Filename]
	doc, err := jsonpos.Parse(maskInterpolations(content), rng.Filename, lines.Pos(start))
	if err != nil {
		b.policyNotRead(err, rng.Filename)
		return nil, errors.Is(err, jsonpos.ErrTooDeep)
	}
	var refs []model.Ref
	for _, t := range e.Variables() {
		refs = append(refs, b.ref(t))
	}
	unknownInterpolations(doc, src, refs)
	return model.PolicyFromValue(doc), true
}

// unknownInterpolations marks the strings of a JSON document parsed from a
// template that hold ${...} or %{...}: their value is only known once
// rendered. Escaped $${ and %%{ are unescaped instead. src is the whole
// file the document's ranges point into.
func unknownInterpolations(doc *model.Value, src []byte, refs []model.Ref) {
	doc.Walk(func(x *model.Value) bool {
		for _, a := range x.Attrs {
			// A key written as an interpolation ("${var.issuer}:sub"):
			// what is known of it is a pattern.
			if strings.Contains(a.Name, "${") || strings.Contains(a.Name, "%{") {
				a.Name, a.NamePattern = "", maskedPattern(a.Name)
			}
		}
		if x.Kind != model.String {
			return true
		}
		start, end := x.Range.Start.Byte, x.Range.End.Byte
		if start < 0 || end > len(src) || start > end {
			return true
		}
		raw := string(src[start:end])
		if hasInterpolation(raw) {
			x.Pattern, x.Holes = maskedPatternHoles(x.Str)
			x.Kind, x.Str = model.Unknown, ""
			for _, r := range refs {
				if x.Range.Contains(r.Range) {
					x.Refs = append(x.Refs, r)
				}
			}
			return true
		}
		x.Str = strings.NewReplacer("$${", "${", "%%{", "%{").Replace(x.Str)
		return true
	})
}

// maskInterpolations returns a copy of a template's text in which the
// inside of every ${...} and %{...} is blanked with underscores (newlines
// kept), so that a JSON document with interpolations that hold quotes
// ("${replace(var.url, "https://", "")}:sub") still parses, at the same
// offsets. Escaped $${ and %%{ are left as they are.
func maskInterpolations(src []byte) []byte {
	out := bytes.Clone(src)
	for i := 0; i+1 < len(out); i++ {
		if (out[i] != '$' && out[i] != '%') || out[i+1] != '{' {
			continue
		}
		if i > 0 && src[i-1] == src[i] {
			i++ // escaped
			continue
		}
		depth, j := 1, i+2
		for ; j < len(src) && depth > 0; j++ {
			switch src[j] {
			case '{':
				depth++
			case '}':
				depth--
			case '"':
				// A quoted string inside the expression: skip it whole.
				for j++; j < len(src) && src[j] != '"'; j++ {
					if src[j] == '\\' {
						j++
					}
				}
			}
		}
		if depth > 0 {
			return out // unterminated: leave the rest to the parser
		}
		for k := i + 2; k < j-1 && k < len(out); k++ {
			if out[k] != '\n' {
				out[k] = '_'
			}
		}
		i = j - 1
	}
	return out
}

// maskedPattern turns a string read from masked text into a pattern: each
// blanked interpolation becomes "*".
func maskedPattern(s string) string {
	p, _ := maskedPatternHoles(s)
	return p
}

// maskedPatternHoles is maskedPattern, with the offsets of the "*" that
// stand for interpolations (model.Value.Holes).
func maskedPatternHoles(s string) (string, []int) {
	var out strings.Builder
	var holes []int
	last := 0
	for _, m := range maskedInterpolation.FindAllStringIndex(s, -1) {
		out.WriteString(s[last:m[0]])
		holes = append(holes, out.Len())
		out.WriteString("*")
		last = m[1]
	}
	out.WriteString(s[last:])
	return out.String(), holes
}

var maskedInterpolation = regexp.MustCompile(`[$%]\{[_\n]*\}`)

// hasInterpolation finds ${ or %{ that is not escaped by doubling.
func hasInterpolation(s string) bool {
	for i := 0; i+1 < len(s); i++ {
		if (s[i] == '$' || s[i] == '%') && s[i+1] == '{' {
			if i > 0 && s[i-1] == s[i] {
				continue
			}
			return true
		}
	}
	return false
}

// policyDocument builds a policy from data "aws_iam_policy_document"
// blocks. An omitted effect is Allow, as the data source defines; a dynamic
// statement may stand for any number of statements, so it is marked
// unknown.
func policyDocument(body *model.Value) *model.Policy {
	p := &model.Policy{Range: body.Range}
	for _, a := range body.Attrs {
		if a.Name != "statement" {
			continue
		}
		generated, uncertain := dynamicCount(a)
		if !generated {
			continue // a dynamic block over a known empty collection
		}
		for _, sv := range blocks(a.Value) {
			if !a.Dynamic || uncertain {
				p.Statements = append(p.Statements, statementFromBlock(sv, uncertain))
				continue
			}
			// A dynamic statement over a known collection: one statement
			// per element, with the principals it reads through the
			// iterator (identifiers = [statement.value]) filled in.
			for _, it := range iterations(a.ForEach) {
				s := statementFromBlock(sv, false)
				s.Principals = bindIterators(s.Principals, a.Iterator, it)
				s.NotPrincipals = bindIterators(s.NotPrincipals, a.Iterator, it)
				p.Statements = append(p.Statements, s)
			}
		}
	}
	return p
}

// iteration is what a dynamic block's iterator holds for one generated
// block: its key and its value.
type iteration struct{ key, value *model.Value }

// iterations lists a known for_each: a list by index, a map or object by
// key.
func iterations(fe *model.Value) []iteration {
	var out []iteration
	for i, e := range fe.Elems {
		out = append(out, iteration{key: &model.Value{Kind: model.Number, Num: float64(i), Str: strconv.Itoa(i), Range: e.Range}, value: e})
	}
	for _, a := range fe.Attrs {
		out = append(out, iteration{key: &model.Value{Kind: model.String, Str: a.Name, Range: a.NameRange}, value: a.Value})
	}
	return out
}

func bindIterators(prs []model.Principal, iterator string, it iteration) []model.Principal {
	var out []model.Principal
	for _, pr := range prs {
		out = append(out, bindIterator(pr, iterator, it)...)
	}
	return out
}

// bindIterator resolves a principal that is exactly a read of the
// iterator (statement.value, statement.value.account, statement.key)
// to what it holds in one iteration: one principal per string it finds.
// Anything else stays as it was.
func bindIterator(pr model.Principal, iterator string, it iteration) []model.Principal {
	if pr.Known || len(pr.Refs) != 1 || pr.Refs[0].Name != iterator || pr.Pattern != "" {
		return []model.Principal{pr}
	}
	ref := pr.Refs[0]
	var v *model.Value
	switch {
	case ref.Kind == model.RefIteratorKey:
		v = it.key
	case ref.Kind == model.RefIterator && ref.Subject == iterator+".value":
		v = it.value
		for _, step := range attrSteps(ref.Attr) {
			if v = v.Get(step); v == nil {
				return []model.Principal{pr}
			}
		}
	default:
		return []model.Principal{pr}
	}
	var elems []*model.Value
	switch v.Kind {
	case model.List:
		elems = v.Elems
	case model.String, model.Number:
		elems = []*model.Value{v}
	default:
		return []model.Principal{pr}
	}
	out := make([]model.Principal, 0, len(elems))
	for _, e := range elems {
		el := model.PolicyElement(e)
		if !el.Known {
			return []model.Principal{pr}
		}
		el.Range = pr.Range // the iterator's read, where the principal is written
		out = append(out, model.Principal{Type: pr.Type, Element: el})
	}
	return out
}

// attrStep is one step of a reference's attribute path: .name or
// ["name"]. An index into a list ([0]) is not followed.
var attrStep = regexp.MustCompile(`^(?:\.?([A-Za-z_][A-Za-z0-9_-]*)|\["([^"]*)"\])`)

// attrSteps splits a reference's Attr into member names; nil when a step
// is not a member name.
func attrSteps(attr string) []string {
	var steps []string
	for attr != "" {
		m := attrStep.FindStringSubmatch(attr)
		if m == nil {
			return []string{"\x00"} // matches no member
		}
		steps = append(steps, m[1]+m[2])
		attr = attr[len(m[0]):]
	}
	return steps
}

// dynamicCount says whether a block exists and whether that is uncertain:
// a dynamic block generates one per element of its for_each, none for an
// empty one, and an unknown number for an unknown one.
func dynamicCount(a *model.Attr) (exists, uncertain bool) {
	if !a.Dynamic {
		return true, false
	}
	fe := a.ForEach
	if fe == nil || !fe.Known() {
		return true, true
	}
	return len(fe.Elems)+len(fe.Attrs) > 0, false
}

// blocks returns the objects of a block attribute: one block, or a list of
// them as JSON syntax writes repeated blocks.
func blocks(v *model.Value) []*model.Value {
	if v.Kind == model.List {
		return v.Elems
	}
	return []*model.Value{v}
}

func statementFromBlock(v *model.Value, dynamic bool) *model.Statement {
	s := &model.Statement{Range: v.Range, Unknown: dynamic, ConditionsUnknown: dynamic}
	s.Effect = model.Element{Value: "Allow", Known: true, Range: v.Range}
	if e := v.Get("effect"); e != nil {
		s.Effect = model.PolicyElement(e)
	}
	s.Actions = docElements(v.Get("actions"), &s.Unknown)
	s.NotActions = docElements(v.Get("not_actions"), &s.Unknown)
	s.Resources = docElements(v.Get("resources"), &s.Unknown)
	s.NotResources = docElements(v.Get("not_resources"), &s.Unknown)
	for _, a := range v.Attrs {
		switch a.Name {
		case "principals", "not_principals":
			exists, uncertain := dynamicCount(a)
			if !exists {
				continue
			}
			for _, pv := range blocks(a.Value) {
				typ, ok := pv.Get("type").AsString()
				if !ok || uncertain {
					s.Unknown = true
				}
				for _, id := range docElements(pv.Get("identifiers"), &s.Unknown) {
					pr := model.Principal{Type: typ, Element: id}
					if a.Name == "principals" {
						s.Principals = append(s.Principals, pr)
					} else {
						s.NotPrincipals = append(s.NotPrincipals, pr)
					}
				}
			}
		case "condition":
			exists, uncertain := dynamicCount(a)
			if !exists {
				continue
			}
			for _, cv := range blocks(a.Value) {
				test, okT := cv.Get("test").AsString()
				variable, okV := cv.Get("variable").AsString()
				keyPattern := ""
				if !okV && cv.Get("variable") != nil {
					keyPattern = cv.Get("variable").Pattern
				}
				s.Conditions = append(s.Conditions, model.Condition{
					Operator:   test,
					Key:        variable,
					KeyPattern: keyPattern,
					Values:     docElements(cv.Get("values"), &s.ConditionsUnknown),
					Range:      cv.Range,
					Known:      okT && okV && !uncertain,
				})
			}
		}
	}
	return s
}

// docElements reads a list attribute of the data source; null, which the
// data source treats as absent, is no element at all.
func docElements(v *model.Value, unknown *bool) []model.Element {
	if v != nil && v.Kind == model.Null {
		return nil
	}
	return model.PolicyElements(v, unknown)
}

// linkPolicies resolves the references to policy document data sources:
// source and override documents first, then the attributes that use them.
func (b *builder) linkPolicies() {
	docs := map[string]*model.Resource{}
	for _, r := range b.mod.Resources {
		if r.Mode == model.Data && r.Type == policyDocType {
			docs[r.Address] = r
		}
	}
	done := map[string]bool{}
	var resolve func(addr string, depth int) *model.Policy
	resolve = func(addr string, depth int) *model.Policy {
		r := docs[addr]
		if r == nil || len(r.Policies) == 0 {
			return nil
		}
		p := r.Policies[0].Policy
		if done[addr] || depth > 8 {
			return p
		}
		done[addr] = true
		for _, attr := range []string{"source_policy_documents", "override_policy_documents", "source_json", "override_json"} {
			v := r.Attr(attr)
			if v == nil {
				continue
			}
			for _, ref := range v.AllRefs() {
				if src := resolve(ref.Subject, depth+1); src != nil && (ref.Attr == "json" || ref.Attr == "minified_json") {
					p.Statements = append(p.Statements, src.Statements...)
				}
			}
		}
		return p
	}
	for addr := range docs {
		resolve(addr, 0)
	}
	for _, pr := range b.policyRefs {
		if p := resolve(pr.address, 0); p != nil {
			pr.owner.Policies = append(pr.owner.Policies, &model.AttachedPolicy{Kind: pr.kind, Attr: pr.attr, Policy: p})
		}
	}
}
