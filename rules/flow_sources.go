package rules

import (
	"encoding/base64"
	"fmt"
	"regexp"
	"strings"
	"unicode"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules/keymaterial"
)

// Sources: where key material comes from. A resource that makes a key
// (keySources), a hard-coded key ID, an input named like a key, an
// environment entry named like one.

// resource follows a reference to a resource of the instance: a key
// source gives the part of the key it reads, a pass-through what its
// source attribute carries.
func (f *flows) resource(in *instance, ref model.Ref, fields []string) []*taint {
	r := f.index(in.mod).resources[ref.Name]
	if r == nil {
		return nil
	}
	field := ""
	if len(fields) > 0 {
		field = fields[0]
	}
	if _, isKey := keySources[r.Type]; isKey {
		part, ok := keyPartOf(r, field)
		if !ok {
			return nil // user, status, create_date: not key material
		}
		return []*taint{{src: keySourceOf(r, part)}}
	}
	if s, ok := storeOf(r); ok {
		return f.storeRef(in, r, s, field)
	}
	if field == "" {
		return nil
	}
	return f.value(in, passedThrough(r, field))
}

func keySourceOf(key *model.Resource, part keyPart) *source {
	return &source{
		id:    "key\x00" + key.Range.File + fmt.Sprint(key.Range.Start.Byte),
		label: fmt.Sprintf("access key %s", quote(key.Address)),
		rng:   key.Range,
		key:   key,
		part:  part,
	}
}

// literalSource recognises a hard-coded key ID in a known string. The
// documentation example keys are not sources: they are not anyone's key.
func (f *flows) literalSource(s string, rng model.Range) *source {
	m := keymaterial.KeyIDPattern.FindStringSubmatch(s)
	if m == nil || keymaterial.IsExampleKeyID(m[1]) {
		return nil
	}
	id := "literal\x00" + rng.File + fmt.Sprint(rng.Start.Byte)
	if src, ok := f.literals[id]; ok {
		return src
	}
	src := &source{id: id, label: fmt.Sprintf("hard-coded access key %s", quote(m[1])), rng: rng}
	f.literals[id] = src
	return src
}

// keyVariableName reports whether an input's name says it holds an AWS
// key: aws_access_key_id, aws_secret_access_key, aws_secret_key, ...
func keyVariableName(name string) bool {
	n := strings.NewReplacer("_", "", "-", "").Replace(strings.ToLower(name))
	return strings.Contains(n, "aws") && (strings.Contains(n, "accesskey") || strings.Contains(n, "secretkey") || strings.Contains(n, "secretaccess"))
}

// namedSource is key material known by the name of the entry that holds it.
func namedSource(name string, val *model.Value) *taint {
	src := &source{
		id:    "env\x00" + val.Range.File + fmt.Sprint(val.Range.Start.Byte),
		label: fmt.Sprintf("the %s entry", name),
		rng:   val.Range,
	}
	return &taint{src: src, hop: &model.Hop{Label: name, Range: val.Range}, carrier: true}
}

// keyEnvName reports whether an entry's name is one of the environment
// variables the AWS SDKs read a key from, in any case and with any
// separator or none: AWS_SECRET_ACCESS_KEY, aws-secret-access-key,
// aws.secretAccessKey (a Helm value).
func keyEnvName(name string) bool {
	return keyNames[lettersOf(name)]
}

// keyNames are envKeyNames spelled by lettersOf.
var keyNames = func() map[string]bool {
	m := map[string]bool{}
	for name := range envKeyNames {
		m[lettersOf(name)] = true
	}
	return m
}()

// lettersOf keeps the letters and digits of a name, in upper case.
func lettersOf(name string) string {
	return strings.Map(func(r rune) rune {
		if unicode.IsLetter(r) || unicode.IsDigit(r) {
			return unicode.ToUpper(r)
		}
		return -1
	}, name)
}

// keyAssignment finds an environment variable named like a key assigned in
// text: shell (export AWS_SECRET_ACCESS_KEY=...), YAML or an ini file
// (aws_secret_access_key = ...), JSON name/value pairs in either order,
// and the CLI's aws configure set. The value group is what is assigned, with "*" for a part only
// known at run time.
var keyAssignment = []*regexp.Regexp{
	regexp.MustCompile(`(?i)(?:^|[^A-Za-z0-9_.-])(aws[_.-]?(?:secret[_.-]?access[_.-]?key|access[_.-]?key[_.-]?id))["']?[ \t]*[:=][ \t]*["']?([^\s"',;]*)`),
	regexp.MustCompile(`(?i)"name"\s*:\s*"(aws[_.-]?(?:secret[_.-]?access[_.-]?key|access[_.-]?key[_.-]?id))"\s*,\s*"value(?:From)?"\s*:\s*"([^"]*)"`),
	regexp.MustCompile(`(?i)"value(?:From)?"\s*:\s*"([^"]*)"\s*,\s*"name"\s*:\s*"(aws[_.-]?(?:secret[_.-]?access[_.-]?key|access[_.-]?key[_.-]?id))"`),
	// aws configure set aws_secret_access_key VALUE
	regexp.MustCompile(`(?i)aws\s+configure\s+set\s+(?:[\w.-]+\.)?(aws_(?:secret_access_key|access_key_id))[ \t]+["']?([^\s"';]*)`),
}

// keyInText reports whether a string assigns a value to an environment
// variable named like a key, and its name: a value known only at run time
// (a reference), or a literal that could be a key. A shell expansion
// ($VAR, $(cmd)) is left alone: the key is not in the configuration.
func keyInText(x *model.Value) (string, bool) {
	text, ok := plainText(x)
	if !ok || !mentionsAWS(text) {
		return "", false
	}
	for i, re := range keyAssignment {
		for _, m := range re.FindAllStringSubmatch(text, -1) {
			name, val := m[1], m[2]
			if i == 2 {
				name, val = m[2], m[1]
			}
			if keyEnvName(name) && assignedKey(val) {
				return name, true
			}
		}
	}
	return "", false
}

// mentionsAWS reports whether text holds "aws" in any case: every key
// variable name starts with it, and most strings do not, so the
// expressions of keyAssignment run on few.
func mentionsAWS(text string) bool {
	for i := 0; i+3 <= len(text); i++ {
		if text[i]|0x20 == 'a' && text[i+1]|0x20 == 'w' && text[i+2]|0x20 == 's' {
			return true
		}
	}
	return false
}

// plainText is what is known of a string's text: its value, decoded when
// it is base64 (user data often is encoded already: Fn::Base64,
// base64encode), or the pattern of an unknown string.
func plainText(x *model.Value) (string, bool) {
	switch x.Kind {
	case model.Unknown:
		return x.Pattern, x.Pattern != ""
	case model.String:
		if plain, err := base64.StdEncoding.DecodeString(x.Str); err == nil && len(x.Str) >= 16 {
			return string(plain), true
		}
		return x.Str, true
	}
	return "", false
}

// assignedKey reports whether the text assigned to a key variable holds
// one: a part known only when applied, or a literal long enough to be a
// key ID or secret that is not a shell expansion, a placeholder or AWS's
// documentation example.
func assignedKey(val string) bool {
	switch {
	case strings.Contains(val, "*"):
		return true
	case len(val) < 16, strings.ContainsAny(val[:1], "$<{%["):
		return false
	}
	return !keymaterial.IsExampleKeyID(val) && !keymaterial.IsExampleSecret(val)
}

// exampleKey reports whether a value is one of AWS's documentation keys.
func exampleKey(v *model.Value) bool {
	s, ok := v.AsString()
	return ok && (keymaterial.IsExampleKeyID(s) || keymaterial.IsExampleSecret(s))
}

// namedValue reports whether a value named like a key holds one: not
// empty (unless it reads an input, filled in when applied), and not one
// of AWS's documentation examples, which are nobody's key (IAM107 notes
// them).
func namedValue(v *model.Value) bool {
	return (!emptyValue(v) || readsInput(v)) && !exampleKey(v)
}

// readsInput reports whether a value reads an input of its module (a
// variable, a parameter): empty by default, it is what the deployment
// passes that counts, and an entry named like a key is there to take one.
func readsInput(v *model.Value) bool {
	for _, r := range v.AllRefs() {
		if r.Kind == model.RefVariable {
			return true
		}
	}
	return false
}

func emptyValue(v *model.Value) bool {
	if v.IsNull() {
		return true
	}
	s, ok := v.AsString()
	return ok && s == ""
}

// smtpOnlyKeys, for the flow and IAM105, are the access keys used only as
// SES SMTP credentials: their
// module reads their SMTP password and never their secret or the whole
// key. Their ID, the SMTP user name, may go anywhere: no role can replace
// SMTP credentials (docs/rules/IAM105.md). Each module's references are walked once,
// for all its keys.
func smtpOnlyKeys(p *model.Project) map[*model.Resource]bool {
	out := map[*model.Resource]bool{}
	for _, m := range p.Modules {
		keys := map[string]*model.Resource{}
		for _, r := range m.Resources {
			if _, ok := keyPartOf(r, ""); ok {
				keys[r.Address] = r
			}
		}
		if len(keys) == 0 {
			continue
		}
		smtp, other := map[string]bool{}, map[string]bool{}
		for _, ref := range m.Refs() {
			key := keys[ref.Name]
			if ref.Kind != model.RefResource || key == nil {
				continue
			}
			// Reading the secret or the whole key object means the key is
			// not SMTP-only; its ID alone decides nothing.
			switch part, ok := keyPartOf(key, firstAttr(ref.Attr)); {
			case !ok:
			case part == partSecret || part == partWhole:
				other[ref.Name] = true
			case part == partSMTP:
				smtp[ref.Name] = true
			}
		}
		for addr, key := range keys {
			if smtp[addr] && !other[addr] {
				out[key] = true
			}
		}
	}
	return out
}

// firstAttr is the first attribute of an attribute path: "secret" of
// "secret", "id" of "id[0]", "secret" of "[*].secret" (any instance's).
func firstAttr(path string) string {
	for strings.HasPrefix(path, "[") {
		end := strings.IndexByte(path, ']')
		if end < 0 {
			return ""
		}
		path = strings.TrimPrefix(path[end+1:], ".")
	}
	for i := 0; i < len(path); i++ {
		if path[i] == '.' || path[i] == '[' {
			return path[:i]
		}
	}
	return path
}
