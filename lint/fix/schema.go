package fix

// generatedSchema lists, for each resource type the fixes write or edit,
// the attributes and nested blocks they set, as the Terraform providers
// name them. TestGeneratedSchema checks every block the fixes write
// against it, so that a typo cannot reach a user's plan.
//
// The provider schemas cannot be downloaded when the tests run (no
// network, and terraform-provider-aws is not a usable Go module: the
// module proxy serves only its v1.60.0 tag, and the repository is close
// to 1 GB). The table was written from the providers' sources
// (terraform-provider-aws internal/service/{iam,ec2,ecs,lambda,
// codebuild,glue,sagemaker}, its provider schema; terraform-provider-
// github and terraform-provider-gitlab) and is cross-checked against a
// local checkout of terraform-provider-aws by TestGeneratedSchemaSource
// when IAMLINT_PROVIDER_AWS_SRC names one.
var generatedSchema = map[string]map[string]bool{
	"aws_iam_role":                      set("assume_role_policy", "name", "name_prefix"),
	"aws_iam_instance_profile":          set("role", "name", "name_prefix"),
	"aws_iam_role_policy_attachment":    set("role", "policy_arn"),
	"aws_iam_role_policy":               set("role", "policy", "name", "name_prefix"),
	"aws_iam_openid_connect_provider":   set("url", "client_id_list", "thumbprint_list"),
	"aws_instance":                      set("iam_instance_profile"),
	"aws_spot_instance_request":         set("iam_instance_profile"),
	"aws_launch_configuration":          set("iam_instance_profile"),
	"aws_launch_template":               set("iam_instance_profile", "iam_instance_profile.name", "iam_instance_profile.arn"),
	"aws_lambda_function":               set("role"),
	"aws_ecs_task_definition":           set("task_role_arn"),
	"aws_codebuild_project":             set("service_role"),
	"aws_glue_job":                      set("role_arn"),
	"aws_sagemaker_model":               set("execution_role_arn"),
	"aws_elastic_beanstalk_environment": set("setting", "setting.namespace", "setting.name", "setting.value"),
	// data "aws_iam_policy_document": the condition a trust fix adds.
	"aws_iam_policy_document": set("statement.condition", "statement.condition.test", "statement.condition.variable", "statement.condition.values"),
	// provider "aws": what replaces a static key.
	"provider.aws": set("assume_role", "assume_role.role_arn"),
	// terraform-provider-github and terraform-provider-gitlab.
	"github_actions_variable":             set("repository", "variable_name", "value"),
	"github_actions_environment_variable": set("repository", "environment", "variable_name", "value"),
	"gitlab_project_variable":             set("project", "key", "value"),
}

// metaArguments are Terraform's own, on every resource; a moved
// attachment keeps its count or for_each.
var metaArguments = set("count", "for_each", "depends_on", "provider", "lifecycle")

func set(names ...string) map[string]bool {
	m := map[string]bool{}
	for _, n := range names {
		m[n] = true
	}
	return m
}
