package fix

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"

	"github.com/hashicorp/hcl/v2"
	"github.com/hashicorp/hcl/v2/hclwrite"
	"github.com/zclconf/go-cty/cty"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules"
)

// workload is a kind of resource that can run under a role instead of a
// key, and how it is given one.
type workload struct {
	types   []string
	service string // the service principal the role trusts
	noun    string // names the created role: <user>_<noun>
	// EC2 takes a role through an instance profile: profileAttr is the
	// attribute naming it, or profileBlock the nested block.
	profileAttr, profileBlock string
	// Services name the role's ARN in roleAttr.
	roleAttr string
	// irsa: pods take the role through their service account (EKS IAM
	// roles for service accounts); the key's entries leave the secret.
	irsa bool
	// beanstalk: the instance profile is an option setting.
	beanstalk bool
}

// workloads are the sinks of IAM101 and IAM102 a fix can give a role to.
// The service principals and attribute names are the AWS provider's
// (checked by TestGeneratedSchema against the provider's schema).
var workloads = []workload{
	{types: []string{"aws_instance", "aws_spot_instance_request", "aws_launch_configuration"}, service: "ec2.amazonaws.com", noun: "instance", profileAttr: "iam_instance_profile"},
	{types: []string{"aws_launch_template"}, service: "ec2.amazonaws.com", noun: "instance", profileBlock: "iam_instance_profile"},
	{types: []string{"aws_lambda_function"}, service: "lambda.amazonaws.com", noun: "lambda", roleAttr: "role"},
	{types: []string{"aws_ecs_task_definition"}, service: "ecs-tasks.amazonaws.com", noun: "task", roleAttr: "task_role_arn"},
	{types: []string{"aws_codebuild_project"}, service: "codebuild.amazonaws.com", noun: "codebuild", roleAttr: "service_role"},
	{types: []string{"aws_glue_job"}, service: "glue.amazonaws.com", noun: "glue", roleAttr: "role_arn"},
	{types: []string{"aws_sagemaker_model"}, service: "sagemaker.amazonaws.com", noun: "sagemaker", roleAttr: "execution_role_arn"},
	{types: []string{"kubernetes_secret", "kubernetes_secret_v1"}, noun: "irsa", irsa: true},
	{types: []string{"aws_elastic_beanstalk_environment"}, service: "ec2.amazonaws.com", noun: "instance", beanstalk: true},
}

// beanstalkProfileNamespace is the option namespace of an Elastic
// Beanstalk environment's instance profile.
const beanstalkProfileNamespace = "aws:autoscaling:launchconfiguration"

func workloadOf(typ string) *workload {
	for i := range workloads {
		for _, t := range workloads[i].types {
			if t == typ {
				return &workloads[i]
			}
		}
	}
	return nil
}

// role is a role the fixes give permissions to: one they create, or one
// the scanned code already has (an instance profile's, a function's).
type role struct {
	dir, file string // the module, and the file new blocks go to
	name      string // the aws_iam_role resource name
	// literal is the name of a role the code names by a literal ARN;
	// unresolved is how the code names a role the scan cannot follow.
	literal, unresolved string
	created             bool
	service             string
	profile             string // the instance profile created with it, if any
	why                 string // a comment on the created role
	trust               string // the assume_role_policy line, when not a service's
	todos               []string
	blocks              []string // moved permissions
	moved               map[string]bool
}

func (r *role) todo(format string, args ...any) {
	s := fmt.Sprintf(format, args...)
	for _, t := range r.todos {
		if t == s {
			return
		}
	}
	r.todos = append(r.todos, s)
}

// fixWorkload fixes IAM101 and IAM102: key material in a workload that can
// run under a role.
func (w *workspace) fixWorkload(f rules.Finding) (Fix, string) {
	mod, sink := w.resourceContaining(f.Range)
	if sink == nil {
		return Fix{}, "the resource the key reaches is not in the scan"
	}
	wl := workloadOf(sink.Type)
	if wl == nil {
		return Fix{}, fmt.Sprintf("no fix for %s yet", sink.Type)
	}
	fs := w.file(sink.Range.File)
	if fs.err != nil {
		return Fix{}, fs.err.Error()
	}
	keyMod, key := w.keyOf(f)
	r, reused := w.roleFor(mod, sink, wl, key, f)
	if r == nil {
		return Fix{}, reused
	}
	var user *model.Resource
	if key != nil {
		user = w.userOf(keyMod, key)
	}
	switch {
	case user != nil && filepath.Clean(keyMod.Dir) == r.dir && r.canAttach():
		w.movePermissions(r, keyMod, user)
	case user != nil && !r.canAttach():
		r.todo("grant it the permissions of %s, which the key belonged to", user.Address)
	case user != nil && filepath.Clean(keyMod.Dir) == r.dir:
		w.movePermissions(r, keyMod, user)
	case user != nil:
		r.todo("grant this role the permissions of %s (module %s), which the key belonged to", user.Address, keyMod.Dir)
	default:
		r.todo("grant this role the permissions the key (%s) had; the scan does not show its user", sourceLabel(f))
	}
	complete := w.cutFlow(f, sink, key)
	if !complete && wl.irsa {
		complete = w.cutLine(f.Range)
	}
	if !complete {
		w.todoAt(sink, f.Range, "remove the key from this attribute: the "+wl.noun+" now runs with "+r.address())
	}
	if key != nil && key.Type == "aws_iam_access_key" && key.Mode == model.Managed {
		w.deletable = append(w.deletable, deletion{dir: filepath.Clean(keyMod.Dir), typ: key.Type, name: key.Name,
			keep: "iamlint fix took this key out of the workloads it reached; delete it once nothing else uses it"})
	}
	desc := fmt.Sprintf("give %s the role %s", sink.Address, r.address())
	if reused != "" {
		desc = fmt.Sprintf("give %s the key's permissions", reused)
	}
	return Fix{Finding: f, Description: desc + ", remove the key from it and delete the key when nothing else uses it", Complete: complete}, ""
}

func (r *role) address() string {
	switch {
	case r.literal != "":
		return fmt.Sprintf("role %q", r.literal)
	case r.unresolved != "":
		return "the role of " + r.unresolved
	}
	return "aws_iam_role." + r.name
}

// canAttach reports whether policies can be attached to the role by code.
func (r *role) canAttach() bool { return r.unresolved == "" }

// nameTokens is the expression of the role's name, for an attachment.
func (r *role) nameTokens() hclwrite.Tokens {
	if r.literal != "" {
		return hclwrite.TokensForValue(cty.StringVal(r.literal))
	}
	return hclwrite.TokensForTraversal(traversal("aws_iam_role", r.name, "name"))
}

var roleARN = regexp.MustCompile(`^arn:aws[\w-]*:iam::\d{12}:role/(?:[\w+=,.@/-]*/)?([\w+=,.@-]+)$`)

// roleFor returns the role the sink runs under after the fix: the one it
// already has when the scan shows it, else a new one (wired into the
// sink). The second result names the reused role ("" when created), or
// says why there is no role.
func (w *workspace) roleFor(mod *model.Module, sink *model.Resource, wl *workload, key *model.Resource, f rules.Finding) (*role, string) {
	sinkID := sink.Range.File + "\x00" + sink.Address
	if r := w.sinkRoles[sinkID]; r != nil {
		// A second key in the same workload: one role takes both.
		if r.created {
			return r, ""
		}
		return r, r.address()
	}
	r, reused := w.newRoleFor(mod, sink, wl, key, f)
	if r != nil {
		w.sinkRoles[sinkID] = r
	}
	return r, reused
}

func (w *workspace) newRoleFor(mod *model.Module, sink *model.Resource, wl *workload, key *model.Resource, f rules.Finding) (*role, string) {
	dir := filepath.Clean(mod.Dir)
	if wl.irsa {
		return w.irsaRole(mod, sink, key, f), ""
	}
	if existing, v := w.existingRole(mod, sink, wl); existing != "" || v != nil {
		k := dir + "\x00" + existing
		r := &role{dir: dir, file: sink.Range.File, name: strings.TrimPrefix(existing, "aws_iam_role."), moved: map[string]bool{}}
		if existing == "" {
			arn, _ := v.AsString()
			if m := roleARN.FindStringSubmatch(arn); m != nil {
				r.literal = m[1]
			} else {
				r.unresolved = sink.Address
			}
			k = dir + "\x00" + sink.Address + "\x00" + arn
		}
		if old := w.roles[k]; old != nil {
			return old, old.address()
		}
		w.roles[k] = r
		w.roleList = append(w.roleList, r)
		return r, r.address()
	}
	keyID := sourceLabel(f)
	base := sink.Name
	if key != nil {
		keyID = key.Address
		base = key.Name
	}
	k := dir + "\x00new\x00" + wl.service + "\x00" + keyID
	r := w.roles[k]
	if r == nil {
		r = &role{dir: dir, file: sink.Range.File, created: true, service: wl.service, moved: map[string]bool{}}
		r.name = w.freshName(dir, "aws_iam_role", base+"_"+wl.noun)
		if wl.profileAttr != "" || wl.profileBlock != "" {
			r.profile = w.freshName(dir, "aws_iam_instance_profile", base+"_"+wl.noun)
		}
		r.why = fmt.Sprintf("Replaces %s: %s runs with short-lived credentials of this role.", keyID, sink.Address)
		w.roles[k] = r
		w.roleList = append(w.roleList, r)
	} else {
		r.why = strings.Replace(r.why, " runs with ", " and "+sink.Address+" run with ", 1)
		r.why = strings.Replace(r.why, " and "+sink.Address+" run with ", ", "+sink.Address+" run with ", strings.Count(r.why, " and ")-1)
	}
	typ, name := sink.Type, sink.Name
	fs := w.file(sink.Range.File)
	switch {
	case wl.beanstalk:
		r.profile = w.freshName(dir, "aws_iam_instance_profile", base+"_"+wl.noun)
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := findResource(b, typ, name)
			if blk == nil {
				return fmt.Errorf("resource %s.%s not found", typ, name)
			}
			setting := appendNestedBlock(blk.Body(), "setting").Body()
			setting.SetAttributeValue("namespace", cty.StringVal(beanstalkProfileNamespace))
			setting.SetAttributeValue("name", cty.StringVal("IamInstanceProfile"))
			setting.SetAttributeTraversal("value", traversal("aws_iam_instance_profile", r.profile, "name"))
			return nil
		})
	case wl.profileAttr != "":
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := findResource(b, typ, name)
			if blk == nil {
				return fmt.Errorf("resource %s.%s not found", typ, name)
			}
			blk.Body().SetAttributeTraversal(wl.profileAttr, traversal("aws_iam_instance_profile", r.profile, "name"))
			return nil
		})
	case wl.profileBlock != "":
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := findResource(b, typ, name)
			if blk == nil {
				return fmt.Errorf("resource %s.%s not found", typ, name)
			}
			appendNestedBlock(blk.Body(), wl.profileBlock).Body().SetAttributeTraversal("name", traversal("aws_iam_instance_profile", r.profile, "name"))
			return nil
		})
	default:
		fs.ops = append(fs.ops, func(b *hclwrite.Body) error {
			blk := findResource(b, typ, name)
			if blk == nil {
				return fmt.Errorf("resource %s.%s not found", typ, name)
			}
			blk.Body().SetAttributeTraversal(wl.roleAttr, traversal("aws_iam_role", r.name, "arn"))
			return nil
		})
	}
	return r, ""
}

// existingRole returns the aws_iam_role the sink already runs under, when
// the scan shows it in the sink's module. The value is the attribute that
// names a role or profile, set when there is one: then an empty address
// means the role cannot be resolved.
func (w *workspace) existingRole(mod *model.Module, sink *model.Resource, wl *workload) (string, *model.Value) {
	var v *model.Value
	switch {
	case wl.beanstalk:
		for _, a := range sink.Body.Attrs {
			if a.Name != "setting" || a.Value == nil {
				continue
			}
			ns, _ := a.Value.Get("namespace").AsString()
			n, _ := a.Value.Get("name").AsString()
			if ns == beanstalkProfileNamespace && n == "IamInstanceProfile" {
				v = a.Value.Get("value")
			}
		}
	case wl.profileAttr != "":
		v = sink.Attr(wl.profileAttr)
	case wl.profileBlock != "":
		if blk := sink.Attr(wl.profileBlock); blk != nil {
			v = blk.Get("name")
			if v == nil {
				v = blk.Get("arn")
			}
			if v == nil {
				v = blk
			}
		}
	default:
		v = sink.Attr(wl.roleAttr)
	}
	if v == nil || v.IsNull() {
		return "", nil
	}
	for _, ref := range v.AllRefs() {
		if ref.Kind != model.RefResource {
			continue
		}
		switch ref.Type() {
		case "aws_iam_role":
			return ref.Name, v
		case "aws_iam_instance_profile":
			if p := resourceByAddress(mod, ref.Name); p != nil {
				for _, rr := range p.Attr("role").AllRefs() {
					if rr.Kind == model.RefResource && rr.Type() == "aws_iam_role" {
						return rr.Name, v
					}
				}
			}
		}
	}
	return "", v
}

// keyOf returns the access key resource a flow finding starts from, nil
// for a literal key or a variable.
func (w *workspace) keyOf(f rules.Finding) (*model.Module, *model.Resource) {
	if len(f.Flow) == 0 {
		return nil, nil
	}
	src := f.Flow[0].Range
	for _, mr := range w.resourcesIn(src.File) {
		if r := mr.res; r.Range.Start.Byte == src.Start.Byte && r.Mode == model.Managed {
			return mr.mod, r
		}
	}
	return nil, nil
}

// userOf returns the aws_iam_user resource of the key's module that the
// key belongs to, by reference or by the user's literal name.
func (w *workspace) userOf(mod *model.Module, key *model.Resource) *model.Resource {
	v := key.Attr("user")
	if v == nil {
		v = key.Attr("UserName")
	}
	for _, ref := range v.AllRefs() {
		if ref.Kind != model.RefResource || ref.Index != "" {
			continue
		}
		if u := resourceByAddress(mod, ref.Name); u != nil && (u.Type == "aws_iam_user" || u.Type == "AWS::IAM::User") {
			return u
		}
	}
	if name, ok := v.AsString(); ok {
		for _, r := range mod.Resources {
			if r.Type == "aws_iam_user" && r.Instances == 1 {
				if n, ok := r.Attr("name").AsString(); ok && n == name {
					return r
				}
			}
		}
	}
	return nil
}

// refersToUser reports whether v names the user, by reference or name.
func refersToUser(v *model.Value, user *model.Resource) bool {
	for _, ref := range v.AllRefs() {
		if ref.Kind == model.RefResource && ref.Name == user.Address {
			return true
		}
	}
	if s, ok := v.AsString(); ok {
		if n, ok := user.Attr("name").AsString(); ok && n == s {
			return true
		}
	}
	return false
}

// movePermissions gives the role what the user has: its managed policy
// attachments and inline policies are copied onto the role; group
// memberships and shared attachments are listed for review. The user is
// deleted with its attachments when nothing else refers to it.
func (w *workspace) movePermissions(r *role, mod *model.Module, user *model.Resource) {
	if r.moved[user.Address] {
		return
	}
	r.moved[user.Address] = true
	complete := true
	for _, res := range mod.Resources {
		if res.Mode != model.Managed {
			continue
		}
		switch res.Type {
		case "aws_iam_user_policy_attachment", "aws_iam_user_policy":
			if !refersToUser(res.Attr("user"), user) {
				continue
			}
			text, err := w.moveBlock(r, res)
			if err != nil {
				r.todo("attach the permissions of %s to this role: %v", res.Address, err)
				complete = false
				continue
			}
			r.blocks = append(r.blocks, text)
		case "aws_iam_policy_attachment":
			for _, u := range res.Attr("users").At([]string{"[]"}, nil) {
				if refersToUser(u, user) {
					r.todo("%s attaches its policy to %s: add this role to its roles", res.Address, user.Address)
				}
			}
		case "aws_iam_user_group_membership":
			if refersToUser(res.Attr("user"), user) {
				r.todo("%s puts %s in groups (%s): review their policies and attach what this role needs", res.Address, user.Address, w.sourceText(res.Attr("groups")))
			}
		case "aws_iam_group_membership":
			for _, u := range res.Attr("users").At([]string{"[]"}, nil) {
				if refersToUser(u, user) {
					r.todo("%s puts %s in group %s: review its policies and attach what this role needs", res.Address, user.Address, w.sourceText(res.Attr("group")))
				}
			}
		}
	}
	if complete {
		w.deletable = append(w.deletable, deletion{dir: r.dir, typ: "aws_iam_user", name: user.Name,
			owned: []string{"aws_iam_user_policy_attachment", "aws_iam_user_policy"}})
	}
}

// moveBlock returns a copy of a user's policy attachment or inline policy
// as the role's: aws_iam_role_policy_attachment or aws_iam_role_policy,
// with everything else (count, for_each, policy) as written.
func (w *workspace) moveBlock(r *role, res *model.Resource) (string, error) {
	fs := w.file(res.Range.File)
	if fs.err != nil {
		return "", fs.err
	}
	start, end := res.Range.Start.Byte, res.Extent.End.Byte
	if end <= start || end > len(fs.old) {
		return "", fmt.Errorf("its source is not where the scan saw it")
	}
	src := append([]byte(nil), fs.old[start:end]...)
	f, diags := hclwrite.ParseConfig(src, res.Range.File, hcl.InitialPos)
	if diags.HasErrors() || len(f.Body().Blocks()) != 1 {
		return "", fmt.Errorf("cannot read it as one block")
	}
	blk := f.Body().Blocks()[0]
	typ := strings.Replace(res.Type, "_user_", "_role_", 1)
	blk.SetLabels([]string{typ, w.freshName(r.dir, typ, r.name+"_"+res.Name)})
	blk.Body().RemoveAttribute("user")
	blk.Body().SetAttributeRaw("role", r.nameTokens())
	return string(f.Bytes()), nil
}

// appendRoles appends the created roles, their profiles and the moved
// permissions to the files of their modules.
func (w *workspace) appendRoles() {
	for _, v := range w.ciVariables {
		fs := w.file(v.file)
		fs.appended = append(fs.appended, fmt.Sprintf("variable %q {\n  type        = string\n  description = %q\n}\n", v.name, v.description))
	}
	for _, r := range w.roleList {
		var b strings.Builder
		if r.created {
			fmt.Fprintf(&b, "# %s\n", r.why)
			fmt.Fprintf(&b, "resource \"aws_iam_role\" %q {\n", r.name)
			for _, t := range r.todos {
				fmt.Fprintf(&b, "  # TODO(iamlint): %s\n", t)
			}
			if r.trust != "" {
				b.WriteString(r.trust + "}\n")
			} else {
				fmt.Fprintf(&b, `  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRole"
      Principal = { Service = %q }
    }]
  })
}
`, r.service)
			}
			if r.profile != "" {
				fmt.Fprintf(&b, "\nresource \"aws_iam_instance_profile\" %q {\n  role = aws_iam_role.%s.name\n}\n", r.profile, r.name)
			}
		} else {
			for _, t := range r.todos {
				fmt.Fprintf(&b, "# TODO(iamlint): %s: %s\n", r.address(), t)
			}
		}
		for _, blk := range r.blocks {
			if b.Len() > 0 {
				b.WriteString("\n")
			}
			b.WriteString(blk)
			if !strings.HasSuffix(blk, "\n") {
				b.WriteString("\n")
			}
		}
		if b.Len() > 0 {
			fs := w.file(r.file)
			fs.appended = append(fs.appended, b.String())
		}
	}
}

// cutFlow removes the key from the way it takes to the sink, where the
// edit is exact: the line of a script (a heredoc) that uses it, an entry
// of a map or list that passes it, the lines of a template file that read
// the template variable it arrives in. It cuts the hop nearest the sink
// that it can, never one before a template that still reads it, and in
// the sink's scripts every other line that reads the same key (its ID
// beside its secret). It reports whether the flow is cut.
func (w *workspace) cutFlow(f rules.Finding, sink *model.Resource, key *model.Resource) bool {
	hops := f.Flow
	if key != nil && len(hops) > 0 {
		hops = hops[1:] // the key's declaration, not a hop
	}
	cut := false
	for i := len(hops) - 1; i >= 0 && !cut; i-- {
		h := hops[i]
		if !strings.HasSuffix(h.Range.File, ".tf") {
			if cut = w.cutTemplateVar(h); !cut {
				return false // the template would still read what an earlier cut removes
			}
			if key != nil {
				// The key's other part, passed in the same variables.
				for _, before := range hops[:i] {
					for _, name := range w.siblingNames(before.Range, key.Address) {
						w.cutTemplateVarNamed(h.Range.File, name)
					}
				}
			}
			continue
		}
		if cut = w.cutLine(h.Range); cut && key != nil {
			w.cutSiblings(h.Range, key.Address)
		}
	}
	if !cut && key == nil {
		cut = w.cutLiteralKeyLines(f)
	}
	if !cut {
		if cut = w.cutLine(f.Range) || w.cutEntryBlock(sink, f.Range); !cut {
			return false
		}
		if key != nil {
			w.cutSiblings(f.Range, key.Address)
		}
	}
	if key == nil {
		return true
	}
	// The key's other part in the same workload: its ID beside its secret.
	for _, ref := range sink.Body.AllRefs() {
		if ref.Kind == model.RefResource && ref.Name == key.Address {
			if w.inScript(ref.Range) {
				w.cutLine(ref.Range)
			} else {
				w.cutEntryBlock(sink, ref.Range)
			}
		}
	}
	return true
}

// cutLiteralKeyLines deletes the script lines of a hard-coded key: the
// value the flow names spans the whole heredoc, so the lines are those
// where IAM107 found the key's ID and secret (or, when IAM107 did not
// run, the line that holds the ID the message quotes).
func (w *workspace) cutLiteralKeyLines(f rules.Finding) bool {
	if len(f.Flow) == 0 {
		return false
	}
	src := f.Flow[0].Range
	var lines []model.Range
	for _, other := range w.findings {
		if other.Rule.ID == "IAM107" && src.Contains(other.Range) {
			lines = append(lines, other.Range)
		}
	}
	if len(lines) == 0 {
		if m := keyID.FindString(f.Message); m != "" {
			fs := w.file(src.File)
			if fs.err == nil && src.End.Byte <= len(fs.old) {
				if i := strings.Index(string(fs.old[src.Start.Byte:src.End.Byte]), m); i >= 0 {
					at := src.Start.Byte + i
					lines = append(lines, model.Range{File: src.File, Start: model.Pos{Line: lineOf(fs.old, at), Byte: at}, End: model.Pos{Line: lineOf(fs.old, at), Byte: at + len(m)}})
				}
			}
		}
	}
	cut := len(lines) > 0
	for _, rg := range lines {
		if !w.inScript(rg) || !w.cutLine(rg) {
			cut = false
		}
	}
	return cut
}

var keyID = regexp.MustCompile(`\b(AKIA|ASIA)[A-Z0-9]{16}\b`)

func lineOf(src []byte, off int) int { return strings.Count(string(src[:off]), "\n") + 1 }

// entryBlocks are nested blocks that are one entry of a list: an
// environment variable, an option setting. Deleting one is exact.
var entryBlocks = map[string]bool{"environment_variable": true, "setting": true, "env": true, "set": true, "set_sensitive": true}

// cutEntryBlock deletes the nested entry block of res that holds rg, when
// it stands on lines of its own.
func (w *workspace) cutEntryBlock(res *model.Resource, rg model.Range) bool {
	var found *model.Attr
	var walk func(v *model.Value)
	walk = func(v *model.Value) {
		if v == nil {
			return
		}
		for _, a := range v.Attrs {
			if a.Value == nil || !a.Value.Range.Contains(rg) {
				continue
			}
			if a.Block && entryBlocks[a.Name] && !a.Dynamic {
				found = a
			}
			walk(a.Value)
		}
	}
	walk(res.Body)
	if found == nil {
		return false
	}
	fs := w.file(res.Range.File)
	if fs.err != nil {
		return false
	}
	start, end := found.NameRange.Start.Byte, found.Value.Range.End.Byte
	s, e := lineBounds(fs.old, start, end)
	if strings.TrimSpace(string(fs.old[s:start])) != "" || strings.TrimSpace(strings.SplitN(string(fs.old[end:e]), "#", 2)[0]) != "" {
		return false
	}
	// A blank line on both sides: one goes with the block.
	if s >= 2 && fs.old[s-1] == '\n' && fs.old[s-2] == '\n' {
		if _, next := lineBounds(fs.old, e, e); e < len(fs.old) && strings.TrimSpace(string(fs.old[e:next])) == "" {
			e = next
		}
	}
	fs.lineEdits = append(fs.lineEdits, Edit{Start: s, End: e})
	return true
}

// cutSiblings deletes the entries next to the one at rg, in the same map
// or list, that also read the key: AWS_ACCESS_KEY_ID beside
// AWS_SECRET_ACCESS_KEY.
func (w *workspace) cutSiblings(rg model.Range, keyAddr string) {
	fs := w.file(rg.File)
	for _, l := range w.siblings(rg, keyAddr) {
		if !fs.inTemplateVars(l.start) {
			fs.lineEdits = append(fs.lineEdits, Edit{Start: l.start, End: l.end})
		}
	}
}

// siblingNames are the names of the entries next to the one at rg that
// read the key: the template variables its other parts arrive in.
func (w *workspace) siblingNames(rg model.Range, keyAddr string) []string {
	var names []string
	for _, l := range w.siblings(rg, keyAddr) {
		if m := entryName.FindStringSubmatch(l.text); m != nil {
			names = append(names, m[1])
		}
	}
	return names
}

var entryName = regexp.MustCompile(`^\s*"?([\w-]+)"?\s*[=:]`)

// namesKeyPart reports whether an entry line is named for a part of an
// AWS key (AWS_ACCESS_KEY_ID, aws-secret-access-key, AWS_SESSION_TOKEN,
// in any case and with any separator): beside the entry the fix cuts,
// such an entry carries the same key, even when it reads it through
// another module output than the one the flow took.
func namesKeyPart(line string) bool {
	m := entryName.FindStringSubmatch(line)
	if m == nil {
		return false
	}
	var b strings.Builder
	for _, r := range strings.ToLower(m[1]) {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			b.WriteRune(r)
		}
	}
	switch b.String() {
	case "awsaccesskeyid", "awssecretaccesskey", "awssessiontoken":
		return true
	}
	return false
}

type sourceLine struct {
	start, end int
	text       string
}

// siblings returns the entry lines around the one at rg, at its
// indentation in the same map or list, that read the key.
func (w *workspace) siblings(rg model.Range, keyAddr string) []sourceLine {
	fs := w.file(rg.File)
	if fs.err != nil || !strings.HasSuffix(rg.File, ".tf") {
		return nil
	}
	lines := fs.classified()
	uses := regexp.MustCompile(`(^|[^\w.])` + regexp.QuoteMeta(keyAddr) + `[.\[]`)
	text := strings.SplitAfter(string(fs.old), "\n")
	offsets := make([]int, len(text)+1)
	for i, l := range text {
		offsets[i+1] = offsets[i] + len(l)
	}
	indent := func(l string) string { return l[:len(l)-len(strings.TrimLeft(l, " \t"))] }
	at := rg.Start.Line
	if at < 1 || at > len(text) || lines[at].kind != lineItem {
		return nil
	}
	want := indent(text[at-1])
	var out []sourceLine
	for _, step := range []int{-1, 1} {
		for n := at + step; n >= 1 && n <= len(text); n += step {
			if lines[n].kind != lineItem || indent(text[n-1]) != want {
				break
			}
			if uses.MatchString(strings.SplitN(text[n-1], "#", 2)[0]) || namesKeyPart(text[n-1]) {
				out = append(out, sourceLine{start: offsets[n-1], end: offsets[n], text: text[n-1]})
			}
		}
	}
	return out
}

// inScript reports whether rg is on a line of a heredoc: a script line
// whose deletion no template depends on.
func (w *workspace) inScript(rg model.Range) bool {
	fs := w.file(rg.File)
	return fs.err == nil && strings.HasSuffix(rg.File, ".tf") && fs.classified()[rg.Start.Line].kind == lineHeredoc
}

var templateVar = regexp.MustCompile(`template variable \$\{(\w+)\}`)

// cutTemplateVar deletes the lines of a template file that read the
// variable a hop names, when each reads it plainly as ${name}: a
// directive or a function call over it is not an exact edit.
func (w *workspace) cutTemplateVar(h rules.Related) bool {
	m := templateVar.FindStringSubmatch(h.Message)
	if m == nil {
		return false
	}
	return w.cutTemplateVarNamed(h.Range.File, m[1])
}

// cutTemplateVarNamed deletes the lines of the template file that read
// the variable name, when each reads it plainly.
func (w *workspace) cutTemplateVarNamed(path, name string) bool {
	fs := w.file(path)
	if fs.err != nil {
		return false
	}
	uses := regexp.MustCompile(`[$%]\{[^}]*\b` + regexp.QuoteMeta(name) + `\b`)
	plain := regexp.MustCompile(`\$\{\s*` + regexp.QuoteMeta(name) + `\s*\}`)
	var edits []Edit
	off := 0
	for _, line := range strings.SplitAfter(string(fs.old), "\n") {
		if uses.MatchString(line) {
			if len(uses.FindAllString(line, -1)) != len(plain.FindAllString(line, -1)) {
				return false
			}
			edits = append(edits, Edit{Start: off, End: off + len(line)})
		}
		off += len(line)
	}
	if len(edits) == 0 {
		return false
	}
	fs.lineEdits = append(fs.lineEdits, edits...)
	return true
}

// cutLine deletes the line holding rg in a Terraform file when that is an
// exact edit: a line of a heredoc, or a whole entry of a map or list that
// is not the variables of a templatefile() call (the template may read
// it).
func (w *workspace) cutLine(rg model.Range) bool {
	if rg.IsZero() || !strings.HasSuffix(rg.File, ".tf") {
		return false
	}
	fs := w.file(rg.File)
	if fs.err != nil || rg.End.Byte > len(fs.old) {
		return false
	}
	if rg.Start.Line != rg.End.Line && (rg.End.Line != rg.Start.Line+1 || rg.End.Column != 1) {
		return false
	}
	info := fs.classified()[rg.Start.Line]
	switch info.kind {
	case lineItem:
		if fs.inTemplateVars(rg.Start.Byte) {
			return false
		}
	case lineHeredoc:
		return fs.cutHeredocLine(rg, info)
	default:
		return false
	}
	fs.deleteLines(rg.Start.Byte, rg.End.Byte)
	return true
}

// inTemplateVars reports whether off is inside the arguments of a
// templatefile() call, by its tokens: the template reads some of them.
func (fs *fileState) inTemplateVars(off int) bool {
	for _, span := range fs.templateCalls() {
		if span[0] <= off && off < span[1] {
			return true
		}
	}
	return false
}

// cutHeredocLine deletes a line of a heredoc. A JSON heredoc (it starts
// with [ or {) keeps its commas right: the last element's line takes the
// comma off the line before it.
func (fs *fileState) cutHeredocLine(rg model.Range, info lineInfo) bool {
	s, e := lineBounds(fs.old, rg.Start.Byte, rg.End.Byte)
	open := fs.old[info.heredocStart:]
	body := strings.TrimLeft(string(open[min(strings.IndexByte(string(open), '\n')+1, len(open)):]), " \t\n")
	if !strings.HasPrefix(body, "[") && !strings.HasPrefix(body, "{") {
		fs.deleteLines(rg.Start.Byte, rg.End.Byte)
		return true
	}
	line := strings.TrimSpace(string(fs.old[s:e]))
	if strings.HasSuffix(line, ",") {
		fs.deleteLines(rg.Start.Byte, rg.End.Byte)
		return true
	}
	// The last element: drop the comma that ends the previous line.
	prev := strings.TrimRight(string(fs.old[:s]), " \t\n")
	if !strings.HasSuffix(prev, ",") || len(prev) <= info.heredocStart {
		return false
	}
	comma := len(prev) - 1
	fs.lineEdits = append(fs.lineEdits, Edit{Start: comma, End: comma + 1}, Edit{Start: s, End: e})
	return true
}

// classified returns the line kinds of the file, computed once.
func (fs *fileState) classified() map[int]lineInfo {
	if fs.lines == nil {
		fs.lines = classifyLines(fs.old)
	}
	return fs.lines
}

// todoAt writes a TODO comment above the top-level attribute of the
// resource that holds rg, when a comment can go there.
func (w *workspace) todoAt(res *model.Resource, rg model.Range, msg string) {
	fs := w.file(res.Range.File)
	if fs.err != nil {
		return
	}
	for _, a := range res.Body.Attrs {
		if a.Value == nil || !a.Value.Range.Contains(rg) && !a.NameRange.Contains(rg) {
			continue
		}
		if fs.classified()[a.NameRange.Start.Line].kind != lineBody {
			return
		}
		s, _ := lineBounds(fs.old, a.NameRange.Start.Byte, a.NameRange.Start.Byte)
		indent := string(fs.old[s:a.NameRange.Start.Byte])
		if strings.TrimSpace(indent) != "" {
			return
		}
		fs.insertBeforeLine(a.NameRange.Start.Byte, indent+"# TODO(iamlint): "+msg+"\n")
		return
	}
}

// resourceContaining returns the innermost resource whose declaration
// holds rg.
func (w *workspace) resourceContaining(rg model.Range) (*model.Module, *model.Resource) {
	var bm *model.Module
	var best *model.Resource
	for _, mr := range w.resourcesIn(rg.File) {
		r := mr.res
		ext := r.Extent
		ext.Start = r.Range.Start
		if ext.Contains(rg) && (best == nil || best.Extent.Contains(r.Extent)) {
			bm, best = mr.mod, r
		}
	}
	return bm, best
}

func resourceByAddress(m *model.Module, addr string) *model.Resource {
	if m == nil {
		return nil
	}
	for _, r := range m.Resources {
		if r.Address == addr {
			return r
		}
	}
	return nil
}

func findResource(b *hclwrite.Body, typ, name string) *hclwrite.Block {
	return b.FirstMatchingBlock("resource", []string{typ, name})
}

func traversal(parts ...string) hcl.Traversal {
	t := hcl.Traversal{hcl.TraverseRoot{Name: parts[0]}}
	for _, p := range parts[1:] {
		t = append(t, hcl.TraverseAttr{Name: p})
	}
	return t
}

// sourceLabel names where the key comes from, for a comment, without the
// key itself: a comment must not copy a hard-coded key.
func sourceLabel(f rules.Finding) string {
	label := f.Address
	if len(f.Flow) > 0 {
		label = f.Flow[0].Message
	}
	return keyLiteral.ReplaceAllString(label, "")
}

var keyLiteral = regexp.MustCompile(` ?"(AKIA|ASIA)[A-Z0-9]+"`)

// sourceText is the source of a value as written, for a comment.
func (w *workspace) sourceText(v *model.Value) string {
	if v == nil {
		return "?"
	}
	fs := w.file(v.Range.File)
	if fs.err != nil || v.Range.End.Byte > len(fs.old) || v.Range.Start.Byte >= v.Range.End.Byte {
		return "?"
	}
	return strings.Join(strings.Fields(string(fs.old[v.Range.Start.Byte:v.Range.End.Byte])), " ")
}

// irsaRole is the role that replaces a key handed to pods through a
// Kubernetes secret: EKS IAM roles for service accounts, trusted by the
// cluster's OIDC provider for one service account. The namespace comes
// from the secret; the service account and the cluster's provider are
// variables with a TODO, since the scan cannot know them.
func (w *workspace) irsaRole(mod *model.Module, secret *model.Resource, key *model.Resource, f rules.Finding) *role {
	dir := filepath.Clean(mod.Dir)
	keyID := sourceLabel(f)
	base := secret.Name
	if key != nil {
		keyID, base = key.Address, key.Name
	}
	namespace := "default"
	if md := secret.Attr("metadata"); md != nil {
		if ns := md.Get("namespace"); ns != nil {
			namespace = w.interpolated(ns)
		}
	}
	k := dir + "\x00irsa\x00" + keyID + "\x00" + namespace
	if r := w.roles[k]; r != nil {
		return r
	}
	r := &role{dir: dir, file: secret.Range.File, created: true, moved: map[string]bool{}}
	r.name = w.freshName(dir, "aws_iam_role", base+"_irsa")
	provider, issuer := w.eksVariables(dir, secret.Range.File)
	sa := w.freshVariable(dir, identifier(r.name)+"_service_account")
	w.ciVariables = append(w.ciVariables, ciVariable{file: secret.Range.File, name: sa, description: "The Kubernetes service account (in namespace " + strings.NewReplacer("${", "", "}", "").Replace(namespace) + ") whose pods assume " + r.address()})
	r.trust = fmt.Sprintf(`  assume_role_policy = jsonencode({
    Version = "2012-10-17"
    Statement = [{
      Effect    = "Allow"
      Action    = "sts:AssumeRoleWithWebIdentity"
      Principal = { Federated = var.%s }
      Condition = {
        StringEquals = {
          "${var.%s}:aud" = "sts.amazonaws.com"
          "${var.%s}:sub" = "system:serviceaccount:%s:${var.%s}"
        }
      }
    }]
  })
`, provider, issuer, issuer, namespace, sa)
	r.why = fmt.Sprintf("Replaces %s in %s: pods of the service account var.%s assume this role (EKS IAM roles for service accounts).", keyID, secret.Address, sa)
	r.todo("set var.%s, var.%s and var.%s, and annotate the service account with eks.amazonaws.com/role-arn = %s.arn", sa, provider, issuer, r.address())
	w.roles[k] = r
	w.roleList = append(w.roleList, r)
	return r
}

// eksVariables declares, once per module, the variables naming the EKS
// cluster's OIDC provider: its ARN and its issuer without https://.
func (w *workspace) eksVariables(dir, file string) (provider, issuer string) {
	k := dir + "\x00eks"
	if v, ok := w.oidc[k]; ok {
		provider, issuer, _ = strings.Cut(v, "\x00")
		return provider, issuer
	}
	provider = w.freshVariable(dir, "eks_oidc_provider_arn")
	issuer = w.freshVariable(dir, "eks_oidc_issuer")
	w.oidc[k] = provider + "\x00" + issuer
	w.ciVariables = append(w.ciVariables,
		ciVariable{file: file, name: provider, description: "ARN of the EKS cluster's IAM OIDC provider"},
		ciVariable{file: file, name: issuer, description: "The EKS cluster's OIDC issuer without https:// (oidc.eks.REGION.amazonaws.com/id/ID)"})
	return provider, issuer
}

// appendNestedBlock appends a nested block to body, after a blank line
// when the body holds anything, as terraform fmt users write them.
func appendNestedBlock(body *hclwrite.Body, name string) *hclwrite.Block {
	if len(body.Blocks()) > 0 || len(body.Attributes()) > 0 {
		body.AppendNewline()
	}
	return body.AppendNewBlock(name, nil)
}
