package rules

// sink is a place key material must not reach: a resource type and the path
// of an attribute in it. The table is data, so that new services (and, later,
// the config file) extend it without code.
type sink struct {
	rule  string   // IAM101 .. IAM104
	types []string // resource types
	// path walks the body: attribute and block names; "*" matches any one
	// member, "**" any depth. Repeated blocks and list elements are all
	// visited.
	path []string
	// labels, when set, restrict the first block of path to these labels:
	// provisioner "remote-exec" runs on the instance, "local-exec" does not.
	labels []string
	// meta looks in the resource's Metadata rather than its body: cfn-init.
	meta bool
	what string // "EC2 user data of %s": %s is the resource's address
	// verb, when set, replaces "reaches <what>" in the message.
	verb string
	fix  string
}

const (
	fixInstanceProfile = "give the instance a role through an instance profile"
	fixOIDC            = "use an OIDC provider and a role whose trust is scoped to the repository or project by the sub claim"
	fixExport          = "for another account use a cross-account role with an sts:ExternalId condition; for people, IAM Identity Center"
	fixGitHubOIDC      = "let the workflow assume a role through GitHub's OIDC provider (aws-actions/configure-aws-credentials with role-to-assume and id-token: write) and delete the key"
	fixGitLabOIDC      = "let the pipeline assume a role with its OIDC ID token (id_tokens, aws sts assume-role-with-web-identity) and delete the key"
)

var sinks = []sink{
	// IAM101: the key ends up on an EC2 instance.
	{rule: "IAM101", types: []string{"aws_instance", "aws_spot_instance_request"}, path: []string{"user_data"}, what: "EC2 user data of %s", fix: fixInstanceProfile},
	{rule: "IAM101", types: []string{"aws_instance", "aws_spot_instance_request"}, path: []string{"user_data_base64"}, what: "EC2 user data of %s", fix: fixInstanceProfile},
	{rule: "IAM101", types: []string{"aws_launch_template"}, path: []string{"user_data"}, what: "the user data of launch template %s", fix: "give the template's instances a role through iam_instance_profile"},
	{rule: "IAM101", types: []string{"aws_launch_configuration"}, path: []string{"user_data"}, what: "the user data of launch configuration %s", fix: "give the instances a role through iam_instance_profile"},
	{rule: "IAM101", types: []string{"aws_launch_configuration"}, path: []string{"user_data_base64"}, what: "the user data of launch configuration %s", fix: "give the instances a role through iam_instance_profile"},
	{rule: "IAM101", types: []string{"aws_spot_fleet_request"}, path: []string{"launch_specification", "user_data"}, what: "the user data of spot fleet %s", fix: "give the fleet's instances a role through iam_instance_profile"},
	{rule: "IAM101", types: []string{"*"}, path: []string{"provisioner", "**"}, labels: []string{"remote-exec", "file"}, what: "a provisioner of %s that runs on an instance", fix: fixInstanceProfile},

	{rule: "IAM101", types: []string{"AWS::EC2::Instance"}, path: []string{"UserData"}, what: "EC2 user data of %s", fix: fixInstanceProfile},
	{rule: "IAM101", types: []string{"AWS::EC2::LaunchTemplate"}, path: []string{"LaunchTemplateData", "UserData"}, what: "the user data of launch template %s", fix: "give the template's instances a role through IamInstanceProfile"},
	{rule: "IAM101", types: []string{"AWS::AutoScaling::LaunchConfiguration"}, path: []string{"UserData"}, what: "the user data of launch configuration %s", fix: "give the instances a role through IamInstanceProfile"},
	{rule: "IAM101", types: []string{"AWS::EC2::SpotFleet"}, path: []string{"SpotFleetRequestConfigData", "LaunchSpecifications", "UserData"}, what: "the user data of spot fleet %s", fix: "give the fleet's instances a role through IamInstanceProfile"},
	// Shell: the AWS CLI starts an instance or templates one.
	{rule: "IAM101", types: []string{"aws ec2 run-instances", "aws ec2 request-spot-instances", "aws autoscaling create-launch-configuration"}, path: []string{"user-data"}, what: "the user data of %s", fix: "give the instance a role: --iam-instance-profile"},
	{rule: "IAM101", types: []string{"aws ec2 create-launch-template", "aws ec2 create-launch-template-version"}, path: []string{"launch-template-data"}, what: "the launch template data of %s", fix: "give the template's instances a role through IamInstanceProfile"},
	{rule: "IAM101", types: []string{"*"}, meta: true, path: []string{"AWS::CloudFormation::Init", "**"}, what: "the cfn-init metadata of %s", fix: fixInstanceProfile},
	{rule: "IAM101", types: []string{"*"}, meta: true, path: []string{"AWS::CloudFormation::Authentication", "*", "accessKeyId"}, what: "the cfn-init authentication of %s", fix: "give the instance a role and name it with roleName in AWS::CloudFormation::Authentication"},
	{rule: "IAM101", types: []string{"*"}, meta: true, path: []string{"AWS::CloudFormation::Authentication", "*", "secretKey"}, what: "the cfn-init authentication of %s", fix: "give the instance a role and name it with roleName in AWS::CloudFormation::Authentication"},

	// IAM102: the key configures a service that can run under a role.
	{rule: "IAM102", types: []string{"AWS::Lambda::Function", "AWS::Serverless::Function"}, path: []string{"Environment", "Variables"}, what: "the environment of Lambda function %s", fix: "use the function's execution role"},
	{rule: "IAM102", types: []string{"AWS::ECS::TaskDefinition"}, path: []string{"ContainerDefinitions", "Environment"}, what: "the container definitions of ECS task definition %s", fix: "use the task role (TaskRoleArn)"},
	{rule: "IAM102", types: []string{"AWS::CodeBuild::Project"}, path: []string{"Environment", "EnvironmentVariables"}, what: "the environment of CodeBuild project %s", fix: "use the project's service role"},
	{rule: "IAM102", types: []string{"AWS::ElasticBeanstalk::Environment"}, path: []string{"OptionSettings"}, what: "the option settings of Elastic Beanstalk environment %s", fix: "use the environment's instance profile"},
	{rule: "IAM102", types: []string{"AWS::AppRunner::Service"}, path: []string{"SourceConfiguration", "**"}, what: "the configuration of App Runner service %s", fix: "use the service's instance role"},
	{rule: "IAM102", types: []string{"AWS::Batch::JobDefinition"}, path: []string{"ContainerProperties", "Environment"}, what: "the container properties of Batch job definition %s", fix: "use the job role (JobRoleArn)"},
	{rule: "IAM102", types: []string{"AWS::Glue::Job"}, path: []string{"DefaultArguments"}, what: "the arguments of Glue job %s", fix: "use the job's role"},
	{rule: "IAM102", types: []string{"AWS::SageMaker::Model"}, path: []string{"PrimaryContainer", "Environment"}, what: "the environment of SageMaker model %s", fix: "use the model's execution role"},
	{rule: "IAM102", types: []string{"AWS::SageMaker::Model"}, path: []string{"Containers", "Environment"}, what: "the environment of SageMaker model %s", fix: "use the model's execution role"},
	{rule: "IAM102", types: []string{"AWS::Amplify::App", "AWS::Amplify::Branch"}, path: []string{"EnvironmentVariables"}, what: "the environment of Amplify %s", fix: "use the app's service role"},
	{rule: "IAM102", types: []string{"aws_lambda_function"}, path: []string{"environment", "variables"}, what: "the environment of Lambda function %s", fix: "use the function's execution role"},
	{rule: "IAM102", types: []string{"aws_ecs_task_definition"}, path: []string{"container_definitions"}, what: "the container definitions of ECS task definition %s", fix: "use the task role (task_role_arn)"},
	{rule: "IAM102", types: []string{"aws_codebuild_project"}, path: []string{"environment", "environment_variable"}, what: "the environment of CodeBuild project %s", fix: "use the project's service role"},
	{rule: "IAM102", types: []string{"aws_elastic_beanstalk_environment"}, path: []string{"setting"}, what: "the option settings of Elastic Beanstalk environment %s", fix: "use the environment's instance profile"},
	{rule: "IAM102", types: []string{"aws_apprunner_service"}, path: []string{"source_configuration", "**"}, what: "the configuration of App Runner service %s", fix: "use the service's instance role"},
	{rule: "IAM102", types: []string{"aws_batch_job_definition"}, path: []string{"container_properties"}, what: "the container properties of Batch job definition %s", fix: "use the job role (jobRoleArn)"},
	{rule: "IAM102", types: []string{"aws_glue_job"}, path: []string{"default_arguments"}, what: "the arguments of Glue job %s", fix: "use the job's role"},
	{rule: "IAM102", types: []string{"aws_sagemaker_model"}, path: []string{"primary_container", "environment"}, what: "the environment of SageMaker model %s", fix: "use the model's execution role"},
	{rule: "IAM102", types: []string{"aws_sagemaker_model"}, path: []string{"container", "environment"}, what: "the environment of SageMaker model %s", fix: "use the model's execution role"},
	{rule: "IAM102", types: []string{"aws_amplify_app", "aws_amplify_branch"}, path: []string{"environment_variables"}, what: "the environment of Amplify %s", fix: "use the app's service role"},
	{rule: "IAM102", types: []string{"kubernetes_secret", "kubernetes_secret_v1"}, path: []string{"data"}, what: "Kubernetes secret %s", fix: "use EKS IRSA or Pod Identity for the pods' AWS access"},
	{rule: "IAM102", types: []string{"kubernetes_secret", "kubernetes_secret_v1"}, path: []string{"string_data"}, what: "Kubernetes secret %s", fix: "use EKS IRSA or Pod Identity for the pods' AWS access"},
	{rule: "IAM102", types: []string{"kubernetes_deployment", "kubernetes_deployment_v1", "kubernetes_pod", "kubernetes_pod_v1", "kubernetes_stateful_set", "kubernetes_stateful_set_v1", "kubernetes_daemonset", "kubernetes_daemon_set_v1", "kubernetes_job", "kubernetes_job_v1", "kubernetes_cron_job", "kubernetes_cron_job_v1"}, path: []string{"spec", "**"}, what: "the pod spec of %s", fix: "use EKS IRSA or Pod Identity"},
	{rule: "IAM102", types: []string{"helm_release"}, path: []string{"set"}, what: "the values of Helm release %s", fix: "use EKS IRSA or Pod Identity"},
	{rule: "IAM102", types: []string{"helm_release"}, path: []string{"set_sensitive"}, what: "the values of Helm release %s", fix: "use EKS IRSA or Pod Identity"},
	{rule: "IAM102", types: []string{"helm_release"}, path: []string{"values"}, what: "the values of Helm release %s", fix: "use EKS IRSA or Pod Identity"},
	{rule: "IAM102", types: []string{"kubectl create secret"}, path: []string{"from-literal"}, what: "Kubernetes secret %s", fix: "use EKS IRSA or Pod Identity for the pods' AWS access"},
	{rule: "IAM102", types: []string{"kubectl apply", "kubectl create", "kubectl replace"}, path: []string{"manifest"}, what: "the Kubernetes objects applied by %s", fix: "use EKS IRSA or Pod Identity for the pods' AWS access"},
	{rule: "IAM102", types: []string{"aws lambda create-function", "aws lambda update-function-configuration"}, path: []string{"environment"}, what: "the environment of Lambda function %s", fix: "use the function's execution role (--role)"},
	{rule: "IAM102", types: []string{"aws ecs register-task-definition"}, path: []string{"container-definitions"}, what: "the container definitions of %s", fix: "use the task role (--task-role-arn)"},

	// IAM103: the key is handed to CI.
	{rule: "IAM103", types: []string{"github_actions_secret", "github_actions_environment_secret", "github_actions_organization_secret", "github_dependabot_secret", "github_dependabot_organization_secret", "github_codespaces_secret"}, path: []string{"plaintext_value"}, what: "GitHub secret %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"github_actions_secret", "github_actions_environment_secret", "github_actions_organization_secret", "github_dependabot_secret"}, path: []string{"encrypted_value"}, what: "GitHub secret %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"gitlab_project_variable", "gitlab_group_variable", "gitlab_instance_variable"}, path: []string{"value"}, what: "GitLab CI variable %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"circleci_environment_variable", "circleci_context_environment_variable"}, path: []string{"value"}, what: "CircleCI variable %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"bitbucket_repository_variable", "bitbucket_deployment_variable", "bitbucket_workspace_variable"}, path: []string{"value"}, what: "Bitbucket variable %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"tfe_variable"}, path: []string{"value"}, what: "Terraform Cloud variable %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"spacelift_environment_variable"}, path: []string{"value"}, what: "Spacelift variable %s", fix: fixOIDC},
	{rule: "IAM103", types: []string{"azuredevops_variable_group"}, path: []string{"variable", "**"}, what: "Azure DevOps variable group %s", fix: fixOIDC},
	// Shell: the CI systems' own CLIs store the value they are given.
	{rule: "IAM103", types: []string{"gh secret set", "gh variable set"}, path: []string{"value"}, what: "GitHub secret %s", fix: fixGitHubOIDC},
	{rule: "IAM103", types: []string{"glab variable set"}, path: []string{"value"}, what: "GitLab CI variable %s", fix: fixGitLabOIDC},

	// IAM104: the key leaves the configuration.
	{rule: "IAM104", types: []string{"AWS::SecretsManager::Secret"}, path: []string{"SecretString"}, what: "Secrets Manager secret %s", fix: fixExport},
	{rule: "IAM104", types: []string{"AWS::SSM::Parameter"}, path: []string{"Value"}, what: "SSM parameter %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_secretsmanager_secret_version"}, path: []string{"secret_string"}, what: "Secrets Manager secret version %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_secretsmanager_secret_version"}, path: []string{"secret_binary"}, what: "Secrets Manager secret version %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_ssm_parameter"}, path: []string{"value"}, what: "SSM parameter %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_ssm_parameter"}, path: []string{"insecure_value"}, what: "SSM parameter %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_s3_object", "aws_s3_bucket_object"}, path: []string{"content"}, what: "S3 object %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws_s3_object", "aws_s3_bucket_object"}, path: []string{"content_base64"}, what: "S3 object %s", fix: fixExport},
	{rule: "IAM104", types: []string{"local_file", "local_sensitive_file"}, path: []string{"content"}, what: "local file %s", fix: fixExport},
	{rule: "IAM104", types: []string{"local_file", "local_sensitive_file"}, path: []string{"sensitive_content"}, what: "local file %s", fix: fixExport},
	{rule: "IAM104", types: []string{"local_file", "local_sensitive_file"}, path: []string{"content_base64"}, what: "local file %s", fix: fixExport},
	// Shell: the AWS CLI stores it, or the script writes it to a file.
	{rule: "IAM104", types: []string{"aws ssm put-parameter"}, path: []string{"value"}, what: "SSM parameter %s", fix: fixExport},
	{rule: "IAM104", types: []string{"aws secretsmanager create-secret", "aws secretsmanager put-secret-value", "aws secretsmanager update-secret"}, path: []string{"secret-string"}, what: "Secrets Manager secret %s", fix: fixExport},
	{rule: "IAM104", types: []string{"file redirect"}, path: []string{"content"}, what: "the file written by %s", fix: fixExport},
}

// envKeyNames are environment entries that hold an AWS key by name: whatever
// their value, it is key material.
var envKeyNames = map[string]bool{"AWS_ACCESS_KEY_ID": true, "AWS_SECRET_ACCESS_KEY": true}
