package rules

import (
	"fmt"
	"regexp"
	"slices"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/rules/keymaterial"
)

var ciStaticAWSCredentials = &Rule{
	ID:        "IAM501",
	Name:      "ci-static-aws-credentials",
	Level:     model.Warning,
	Short:     "A CI job authenticates to AWS with long-term access keys",
	Precision: "high",
	Tags:      []string{"iam", "credentials", "ci", "oidc"},
	Doc: Doc{
		Why: "A CI job that reads AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY from secrets or variables " +
			"(configure-aws-credentials with aws-access-key-id, the keys in the job's env or variables, an orb or pipe " +
			"given the keys) holds a key that never expires: anyone who can read the secret store, change a workflow " +
			"or compromise a third-party action can take it. GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines " +
			"and Buildkite all issue the job a short-lived OIDC token that AWS exchanges for a role's credentials, " +
			"scoped to the repository and branch or environment. When the key is made in the scanned Terraform or " +
			"CloudFormation and stored as the secret the job reads, the finding shows the whole way: key, secret, job, step. " +
			"A literal key-shaped value is an error (IAM107 reports the literal too); a dummy value such as \"test\" for a " +
			"local emulator is not a key.",
		Fix: "Create the CI system's OIDC provider in AWS (GitHub: the issuer token.actions.githubusercontent.com, " +
			"audience sts.amazonaws.com) and a role whose trust names the sub claim this job presents (the finding " +
			"derives it from the repository, the triggers, the branch filters and the environment), give the job " +
			"permissions: id-token: write (GitLab: id_tokens), replace the keys with role-to-assume (or the system's " +
			"equivalent), then delete the key and the secret. If the scan already defines such a role or provider, the " +
			"finding names it.",
		Examples: []Example{
			{Language: model.GitHubActions, Bad: true, Code: `on:
  push:
    branches: [main]
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          aws-access-key-id: ${{ secrets.AWS_ACCESS_KEY_ID }}
          aws-secret-access-key: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
          aws-region: eu-west-1
`},
			{Language: model.GitHubActions, Code: `on:
  push:
    branches: [main]
permissions:
  id-token: write
  contents: read
jobs:
  deploy:
    runs-on: ubuntu-latest
    steps:
      - uses: aws-actions/configure-aws-credentials@v4
        with:
          role-to-assume: arn:aws:iam::123456789012:role/github-deploy
          aws-region: eu-west-1
`},
			{Language: model.GitLabCI, Bad: true, Code: `deploy:
  variables:
    AWS_ACCESS_KEY_ID: $DEPLOY_KEY_ID
    AWS_SECRET_ACCESS_KEY: $DEPLOY_SECRET
  script:
    - aws s3 sync dist s3://my-bucket
`},
			{Language: model.GitLabCI, Code: `deploy:
  id_tokens:
    AWS_TOKEN:
      aud: sts.amazonaws.com
  variables:
    ROLE_ARN: arn:aws:iam::123456789012:role/gitlab-deploy
  script:
    - >
      export $(printf "AWS_ACCESS_KEY_ID=%s AWS_SECRET_ACCESS_KEY=%s AWS_SESSION_TOKEN=%s"
      $(aws sts assume-role-with-web-identity --role-arn $ROLE_ARN --role-session-name gitlab
      --web-identity-token $AWS_TOKEN --query 'Credentials.[AccessKeyId,SecretAccessKey,SessionToken]' --output text))
    - aws s3 sync dist s3://my-bucket
`},
			{Language: model.CircleCI, Bad: true, Code: `version: 2.1
orbs:
  aws-cli: circleci/aws-cli@4.1
jobs:
  deploy:
    docker:
      - image: cimg/base:2024.01
    steps:
      - aws-cli/setup
      - run: aws s3 sync site s3://my-bucket
`},
			{Language: model.CircleCI, Code: `version: 2.1
orbs:
  aws-cli: circleci/aws-cli@4.1
jobs:
  deploy:
    docker:
      - image: cimg/base:2024.01
    steps:
      - aws-cli/setup:
          role_arn: arn:aws:iam::123456789012:role/circleci-deploy
      - run: aws s3 sync site s3://my-bucket
`},
			{Language: model.Bitbucket, Bad: true, Code: `pipelines:
  branches:
    main:
      - step:
          script:
            - pipe: atlassian/aws-s3-deploy:1.1.0
              variables:
                AWS_ACCESS_KEY_ID: $AWS_ACCESS_KEY_ID
                AWS_SECRET_ACCESS_KEY: $AWS_SECRET_ACCESS_KEY
                AWS_DEFAULT_REGION: eu-west-1
                S3_BUCKET: my-bucket
                LOCAL_PATH: site
`},
			{Language: model.Bitbucket, Code: `pipelines:
  branches:
    main:
      - step:
          oidc: true
          script:
            - pipe: atlassian/aws-s3-deploy:1.1.0
              variables:
                AWS_OIDC_ROLE_ARN: arn:aws:iam::123456789012:role/bitbucket-deploy
                AWS_DEFAULT_REGION: eu-west-1
                S3_BUCKET: my-bucket
                LOCAL_PATH: site
`},
			{Language: model.Buildkite, Bad: true, Code: `steps:
  - label: deploy
    command: aws s3 sync site s3://my-bucket
    env:
      AWS_ACCESS_KEY_ID: $DEPLOY_KEY_ID
      AWS_SECRET_ACCESS_KEY: $DEPLOY_SECRET
`},
			{Language: model.Buildkite, Code: `steps:
  - label: deploy
    command: aws s3 sync site s3://my-bucket
    plugins:
      - aws-assume-role-with-web-identity#v1.0.0:
          role-arn: arn:aws:iam::123456789012:role/buildkite-deploy
`},
		},
	},
	Languages: append(slices.Clone(ciLanguages), iacAndShell...),
	Reads: Reads{
		Types:    append([]string{model.CIJobType, model.CIStepType, scriptCredentialsType, "aws_iam_openid_connect_provider"}, ciSecretStoreTypes()...),
		Policies: []model.PolicyKind{model.TrustPolicy},
		Flow:     true,
	},
	Check: checkCIStaticCredentials,
}

// keyUse is one place a job is given long-term keys: a step's inputs, a
// step's or the job's environment, a script that reads a stored key.
type keyUse struct {
	// place: the uses of one place (a step's inputs, an environment) share
	// it, the secret first; the first not reported elsewhere is reported.
	place int
	where string       // `input "aws-secret-access-key" of aws-actions/configure-aws-credentials@v4`
	value *model.Value // the key's value, the secret part when both are given
	step  *model.Resource
	// literal: the key is written in the pipeline (an error).
	literal bool
}

func checkCIStaticCredentials(p *Pass) {
	reported := map[model.Range]bool{}
	var trusts []oidcTrust
	trustsRead := false
	for _, j := range p.ciJobs() {
		done := map[int]bool{}
		shared := map[int]bool{} // places whose keys another job was reported for
		uses := j.keyUses()
		if len(uses) == 0 {
			uses = injectedKeyUses(p, j)
		}
		for _, use := range uses {
			// A workflow-level env shared by several jobs is reported once;
			// a job that overrides one of its entries is reported at its own.
			if done[use.place] {
				continue
			}
			if reported[use.value.Range] {
				shared[use.place] = true
				continue
			}
			if shared[use.place] && !j.job.Extent.Contains(use.value.Range) {
				continue
			}
			reported[use.value.Range], done[use.place] = true, true
			if !trustsRead {
				trusts, trustsRead = p.oidcTrusts(), true
			}
			reportKeyUse(p, j, use, trusts)
		}
	}
}

// keyUses finds where the job is given keys: each step's inputs and
// environment, the job's environment, the scripts that read a stored key.
// A value that is a dummy (a literal that is not key-shaped: "test" for a
// local emulator) or a value from an earlier step's outputs (short-lived
// credentials fetched at run time) is not a long-term key; neither is a
// set of entries with a session token beside the key.
func (j *ciJob) keyUses() []keyUse {
	var out []keyUse
	place := 0
	fromEntries := func(obj *model.Value, where func(name string) string, step *model.Resource) {
		if obj == nil {
			return
		}
		place++
		var id, secret *model.Attr
		for _, a := range obj.Attrs {
			switch entryPart(a) {
			case "id":
				id = a
			case "secret":
				secret = a
			}
			if strings.Contains(strings.ToLower(strings.ReplaceAll(a.Name, "-", "_")), "session_token") && !emptyValue(a.Value) {
				return
			}
			if otherEndpoint(a) {
				return // the keys of an S3-compatible service, not of AWS
			}
		}
		for _, a := range []*model.Attr{secret, id} {
			if a != nil && isStaticKey(a.Value, a == secret) && !otherProvider(a.Value) {
				out = append(out, keyUse{place: place, where: where(a.Name), value: a.Value, step: step, literal: a.Value.Known()})
			}
		}
	}
	for _, s := range j.steps {
		uses, _ := s.Attr(model.CIUses).AsString()
		if slices.Contains(j.sys.implicitKeys, strings.SplitN(uses, "@", 2)[0]) {
			if givesRole(j.sys, s.Attr(model.CIWith)) {
				continue
			}
			place++
			v, name := implicitKey(s)
			out = append(out, keyUse{place: place, where: fmt.Sprintf("%s without a role reads the secret key from %s in the project or context environment", quote(uses), name), value: v, step: s})
			continue
		}
		fromEntries(s.Attr(model.CIWith), func(name string) string {
			return fmt.Sprintf("input %s of %s", quote(name), quote(uses))
		}, s)
		fromEntries(s.Attr(model.CIStepEnv), func(name string) string {
			return fmt.Sprintf("%s in the environment of step %s", name, quote(s.Address))
		}, s)
	}
	fromEntries(j.job.Attr(model.CIEnv), func(name string) string {
		return fmt.Sprintf("%s in the job's environment", name)
	}, nil)
	if len(out) > 0 {
		return out
	}
	// The credentials the job's scripts configure, by step (a job-level
	// script is one place).
	byStep := map[string]*model.Value{}
	var order []string
	stepOf := map[string]*model.Resource{}
	for _, c := range j.credentials {
		addr, _ := c.Attr(model.CIStep).AsString()
		obj := byStep[addr]
		if obj == nil {
			obj = &model.Value{Kind: model.Object, Range: c.Range}
			byStep[addr] = obj
			order = append(order, addr)
		}
		for _, a := range c.Body.Attrs {
			if a.Name == model.CIJob || a.Name == model.CIStep {
				continue
			}
			obj.Attrs = append(obj.Attrs, &model.Attr{Name: a.Name, NameRange: a.NameRange, Value: j.resolve(a.Value, 0)})
		}
	}
	for _, s := range j.steps {
		stepOf[s.Address] = s
	}
	for _, addr := range order {
		step := stepOf[addr]
		fromEntries(byStep[addr], func(name string) string {
			if step != nil {
				return fmt.Sprintf("%s configured by the script of step %s", name, quote(step.Address))
			}
			return fmt.Sprintf("%s configured by the job's script", name)
		}, step)
	}
	if len(out) > 0 {
		return out
	}
	// A script that reads a key the pipeline does not define reads a
	// project or group variable: the keys are in the CI settings.
	scripts := j.job.Attr(model.CIScripts)
	if scripts == nil {
		return out
	}
	for _, line := range scripts.Elems {
		for _, ref := range line.Refs {
			if ref.Kind == model.RefCIVariable && keyEntryName(ref.Name) == "secret" {
				v := &model.Value{Kind: model.Unknown, Range: ref.Range, Refs: []model.Ref{ref}}
				return []keyUse{{where: fmt.Sprintf("the variable %s, read by the job's script", ref.Name), value: v}}
			}
		}
	}
	return out
}

// entryPart says which part of a key an entry gives: by its name
// (aws-secret-access-key, AWS_ACCESS_KEY_ID), or by the name of the secret
// or variable its value reads (password: ${{ secrets.AWS_SECRET_ACCESS_KEY }}
// for an ECR login, TF_VAR_secret_key: $AWS_SECRET_ACCESS_KEY).
func entryPart(a *model.Attr) string {
	if part := keyEntryName(a.Name); part != "" {
		return part
	}
	if a.Value == nil {
		return ""
	}
	for _, r := range a.Value.Refs {
		if r.Kind == model.RefSecret || r.Kind == model.RefCIVariable {
			if part := keyEntryName(r.Name); part != "" {
				return part
			}
		}
	}
	return ""
}

// otherEndpoint reports whether an entry points the AWS tools at an
// endpoint that is not AWS (AWS_ENDPOINT_URL: https://<account>.r2.cloudflarestorage.com,
// a MinIO or LocalStack URL): the keys beside it are that service's.
func otherEndpoint(a *model.Attr) bool {
	if !strings.Contains(strings.ToUpper(a.Name), "ENDPOINT") {
		return false
	}
	s, ok := a.Value.AsString()
	return ok && s != "" && !strings.Contains(s, "amazonaws.com")
}

// otherProviders name S3-compatible services whose keys are passed as
// AWS_ACCESS_KEY_ID; a secret named for one (R2_SECRET_ACCESS_KEY,
// MINIO_SECRET) holds no AWS key.
var otherProviders = []string{"R2", "MINIO", "SPACES", "WASABI", "BACKBLAZE", "B2", "DIGITALOCEAN", "LINODE", "SCALEWAY", "CLOUDFLARE", "LOCALSTACK", "GCS", "OSS"}

// otherProvider reports whether the value reads a secret or variable named
// for another S3-compatible service.
func otherProvider(v *model.Value) bool {
	for _, r := range v.Refs {
		for _, word := range strings.FieldsFunc(strings.ToUpper(r.Name), func(c rune) bool { return c == '_' || c == '-' }) {
			if slices.Contains(otherProviders, word) {
				return true
			}
		}
	}
	return false
}

// envVarName is a literal that names an environment variable: an orb
// parameter of type env_var_name (aws_secret_access_key: DEPLOY_SECRET).
var envVarName = regexp.MustCompile(`^[A-Z_][A-Z0-9_]*$`)

// implicitKey is the variable an orb command that takes the keys from the
// environment reads the secret from (AWS_SECRET_ACCESS_KEY unless an input
// names another, as a name or as $NAME), as a reference at the input or
// the step, so that the key's flow into a context or project variable of
// that name joins it.
func implicitKey(step *model.Resource) (*model.Value, string) {
	rng := step.Attr(model.CIUses).Range
	name := "AWS_SECRET_ACCESS_KEY"
	with := step.Attr(model.CIWith)
	if with != nil {
		for _, a := range with.Attrs {
			if keyEntryName(a.Name) != "secret" {
				continue
			}
			rng = a.Value.Range
			if s, ok := a.Value.AsString(); ok && envVarName.MatchString(s) {
				name = s
			}
			for _, r := range a.Value.Refs {
				name = r.Name
			}
		}
	}
	ref := model.Ref{Subject: "$" + name, Kind: model.RefCIVariable, Name: name, Range: rng}
	return &model.Value{Kind: model.Unknown, Range: rng, Refs: []model.Ref{ref}}, name
}

// givesRole reports whether inputs name a role to assume.
func givesRole(sys ciSystem, with *model.Value) bool {
	for _, name := range sys.roleInputs {
		if v := with.Get(name); v != nil && !emptyValue(v) {
			return true
		}
	}
	return false
}

// awsCommand finds a run of the AWS CLI in a line of shell.
var awsCommand = regexp.MustCompile(`(?:^|[\s;&|(` + "`" + `])aws\s+[a-z]`)

// injectedKeyUses finds a job that runs the AWS CLI while the scan stores
// key material in a variable its CI system puts in every job's
// environment under the name the CLI reads (a gitlab_project_variable
// AWS_SECRET_ACCESS_KEY): the job authenticates with the key without
// naming it. The finding is at the first aws command.
func injectedKeyUses(p *Pass, j *ciJob) []keyUse {
	if env := j.job.Attr(model.CIEnv); env.Get("AWS_SECRET_ACCESS_KEY") != nil {
		return nil // the job sets its own
	}
	if ok, _, _ := j.idToken(); ok && j.sys.tokenOnRequest || len(j.roleUses()) > 0 {
		return nil // the job asks for an OIDC token: its aws commands may use it
	}
	var name string
	for _, ff := range p.flows().found {
		if ff.owner == nil {
			continue
		}
		store, ok := ciSecretStores[ff.owner.Type]
		if !ok || !store.injected || store.provider != j.sys.provider {
			continue
		}
		if n, ok := ff.owner.Attr(store.nameAttr).AsString(); ok && n == "AWS_SECRET_ACCESS_KEY" {
			name = n
			break
		}
	}
	if name == "" {
		return nil
	}
	var lines []*model.Value
	if scripts := j.job.Attr(model.CIScripts); scripts != nil {
		lines = scripts.Elems
	}
	for _, s := range j.steps {
		if run := s.Attr(model.CIRun); run != nil {
			lines = append(lines, run)
		}
	}
	for _, line := range lines {
		text, ok := line.AsString()
		if !ok {
			text = line.Pattern
		}
		if awsCommand.MatchString(text) {
			ref := model.Ref{Subject: "$" + name, Kind: model.RefCIVariable, Name: name, Range: line.Range}
			v := &model.Value{Kind: model.Unknown, Range: line.Range, Refs: []model.Ref{ref}}
			return []keyUse{{place: 1, where: fmt.Sprintf("the AWS CLI, with %s from the project's variables in its environment", name), value: v}}
		}
	}
	return nil
}

// isStaticKey reports whether an entry's value is a long-term key: a
// literal shaped like one, or a value read from the CI system's secrets,
// variables or environment, or the inputs of an action.
func isStaticKey(v *model.Value, secret bool) bool {
	if emptyValue(v) {
		return false
	}
	if s, ok := v.AsString(); ok {
		if secret {
			return keymaterial.LooksRandom(s) && keymaterial.SecretPattern.MatchString(s)
		}
		return keymaterial.KeyIDPattern.MatchString(s) && strings.HasPrefix(strings.TrimSpace(s), "AKIA")
	}
	for _, r := range v.Refs {
		// A composite action's or reusable workflow's input (RefVariable)
		// is what its caller passes: a key, by the entry's name.
		if r.Kind == model.RefSecret || r.Kind == model.RefCIVariable || r.Kind == model.RefEnv || r.Kind == model.RefVariable {
			return true
		}
	}
	return false
}

func reportKeyUse(p *Pass, j *ciJob, use keyUse, trusts []oidcTrust) {
	f := Finding{
		Range:   use.value.Range,
		Address: j.job.Address,
		Key:     "static keys " + use.where,
	}
	if use.literal {
		f.Level = model.Error
	}
	subjects := shortSubjects(j, p.Options)
	quoted := make([]string, len(subjects))
	for i, s := range subjects {
		quoted[i] = quote(s)
	}
	sub := "the sub of the job that runs this"
	if len(quoted) > 0 {
		sub = "sub " + strings.Join(quoted, " or ")
	}
	fix := fmt.Sprintf("use %s OIDC instead: the OIDC provider for the issuer %s with audience %s, a role whose trust allows %s, %s, and %s",
		j.sys.name, j.sys.issuer, j.sys.audience, sub, j.sys.requestToken, j.sys.assumeRole)
	if hint, rng, ok := existingOIDC(p, j, trusts); ok {
		fix += "; " + hint
		f.Related = append(f.Related, Related{Range: rng, Message: hint})
	}
	f.Message = fmt.Sprintf("job %s authenticates to AWS with a long-term access key (%s); %s", quote(j.job.Name), use.where, fix)
	flowIntoJob(p, j, use, &f)
	p.Report(f)
}

// existingOIDC names a role of the scan that already trusts the job's
// tokens, else one that trusts its CI system's provider, else the
// provider itself.
func existingOIDC(p *Pass, j *ciJob, trusts []oidcTrust) (string, model.Range, bool) {
	subjects := j.subjects(p.Options)
	if subjects == nil {
		subjects = []string{"*"}
	}
	var system *oidcTrust
	for i, t := range trusts {
		if t.provider.name != j.sys.provider {
			continue
		}
		if ok, _ := t.accepts(j.subPrefix(p.Options), subjects, []string{j.sys.audience}); ok {
			return fmt.Sprintf("role %s (%s) already trusts this job's tokens: assume it", quote(t.ap.owner.Address), t.ap.owner.Range), t.ap.owner.Range, true
		}
		if system == nil {
			system = &trusts[i]
		}
	}
	if system != nil {
		return fmt.Sprintf("role %s (%s) trusts %s tokens: add this job's sub to its trust, or make one like it", quote(system.ap.owner.Address), system.ap.owner.Range, j.sys.name), system.ap.owner.Range, true
	}
	for _, r := range p.ResourcesOf("aws_iam_openid_connect_provider") {
		url, _ := r.Attr("url").AsString()
		url = strings.TrimPrefix(url, "https://")
		for _, prov := range oidcProviders {
			if prov.name == j.sys.provider && url != "" && prov.matches(url) {
				return fmt.Sprintf("the OIDC provider %s (%s) is already defined", quote(r.Address), r.Range), r.Range, true
			}
		}
	}
	return "", model.Range{}, false
}

// flowIntoJob joins the key's way into the CI secret store (the
// credential flow, IAM103's sinks) to the job that reads the secret: one
// flow from the access key through the secret to the job and the step.
// The store is matched by the secret's name; a store for another
// repository is linked all the same, and the message says which.
func flowIntoJob(p *Pass, j *ciJob, use keyUse, f *Finding) {
	var ref *model.Ref
	for i, r := range use.value.Refs {
		if r.Kind == model.RefSecret || r.Kind == model.RefCIVariable || r.Kind == model.RefEnv {
			ref = &use.value.Refs[i]
			break
		}
	}
	if ref == nil {
		return
	}
	repo := j.repository(p.Options)
	for _, ff := range p.flows().found {
		if ff.owner == nil {
			continue
		}
		store, ok := ciSecretStores[ff.owner.Type]
		if !ok || store.provider != j.sys.provider {
			continue
		}
		name, ok := ff.owner.Attr(store.nameAttr).AsString()
		if !ok || !strings.EqualFold(name, ref.Name) {
			continue
		}
		where := fmt.Sprintf("%s %s", store.what, quote(name))
		if store.repoAttr != "" {
			if other, ok := ff.owner.Attr(store.repoAttr).AsString(); ok && repo != "" && other != repo && !strings.HasSuffix(repo, "/"+other) {
				where += fmt.Sprintf(" (stored for repository %s, not %s)", quote(other), quote(repo))
			}
		}
		f.Message += fmt.Sprintf("; the key is %s, stored as %s", ff.src.label, where)
		f.Related = append(f.Related, Related{Range: ff.src.rng, Message: "the key material comes from here: " + ff.src.label})
		f.Flow = append(f.Flow, Related{Range: ff.src.rng, Message: ff.src.label})
		for _, h := range ff.path {
			f.Flow = append(f.Flow, Related{Range: h.Range, Message: h.Label})
		}
		f.Flow = append(f.Flow,
			Related{Range: ff.owner.Range, Message: where},
			Related{Range: j.job.Range, Message: fmt.Sprintf("job %s", quote(j.job.Name))},
		)
		if use.step != nil {
			f.Flow = append(f.Flow, Related{Range: use.step.Range, Message: fmt.Sprintf("step %s", quote(use.step.Address))})
		}
		f.Flow = append(f.Flow, Related{Range: ref.Range, Message: fmt.Sprintf("reads %s", ref.Subject)})
		return
	}
}
