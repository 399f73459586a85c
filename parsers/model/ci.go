package model

// CI pipelines in the model (docs/architecture.md "CI pipelines"). Every CI
// front-end (GitHub Actions, GitLab CI, CircleCI, Bitbucket Pipelines,
// Buildkite) builds one Module per pipeline file with resources of these
// types, so that the rules read jobs and steps without knowing which CI
// system wrote them. What differs between systems (the OIDC issuer, the
// claims a job presents, how a job asks for a token) is a table keyed by
// Language in the rules.
const (
	// CIJobType is a job: the unit a CI system runs on one runner, that
	// authenticates to AWS and presents OIDC claims. Its body holds the
	// CIJob* attributes.
	CIJobType = "ci_job"
	// CIStepType is a step of a job (a GitHub Actions step, a CircleCI
	// step or orb command, a Bitbucket pipe): its body holds CIStep*
	// attributes and CIJob names the job it belongs to.
	CIStepType = "ci_step"
)

// Attributes of a CIJobType body. Each is absent when the pipeline does not
// say; values keep the range they are written at.
const (
	// CIEnv: an Object of the environment every step of the job sees,
	// name to value: the pipeline's entries first, then the job's own (a
	// name may repeat; the last one wins at run time). Values read
	// secrets, variables and other entries through RefSecret,
	// RefCIVariable and RefEnv references.
	CIEnv = "env"
	// CIIDToken: a Bool, whether the job can request an OIDC token (GitHub:
	// permissions id-token: write; GitLab: id_tokens; Bitbucket: oidc:
	// true), at the setting that decides it, or at the job when nothing
	// does (false).
	CIIDToken = "id_token"
	// CIAudiences: a List of the audiences the job's OIDC tokens are
	// requested for, where the pipeline says (GitLab id_tokens aud).
	CIAudiences = "audiences"
	// CIEnvironment: a String, the deployment environment the job runs in.
	CIEnvironment = "environment"
	// CITriggers: a List of Objects {event, branches, tags}: what starts
	// the pipeline or the job, with the branch and tag filters (Lists of
	// glob Strings; absent means any).
	CITriggers = "triggers"
	// CIRepository: a String, the repository or project the pipeline
	// belongs to, as owner/name or group/project: from the git remote of
	// the checkout the pipeline was found in.
	CIRepository = "repository"
	// CIScripts: a List of Strings, the shell the job runs (GitLab
	// script:, before_script:), each with its range in the file.
	CIScripts = "scripts"
)

// Attributes of a CIStepType body.
const (
	// CIJob: a String, the Address of the job the step belongs to. The
	// resources a job's scripts make (AWS CLI calls, the credentials a
	// script configures) carry it too, and CIStep.
	CIJob = "job"
	// CIStep: a String, the Address of the step whose script made a
	// resource.
	CIStep = "step"
	// CIUses: a String, the action, orb command or pipe the step runs,
	// as written: aws-actions/configure-aws-credentials@v4.
	CIUses = "uses"
	// CIWith: an Object of the inputs given to CIUses, names as written.
	CIWith = "with"
	// CIStepEnv: an Object of the step's own environment (CIEnv of the
	// job adds to it).
	CIStepEnv = "env"
	// CIRun: a String, the shell script the step runs.
	CIRun = "run"
)
