module example.com/app

go 1.22

require (
	github.com/aws/aws-sdk-go-v2 v1.0.0
	github.com/pulumi/pulumi-aws/sdk/v6 v6.0.0
	github.com/pulumi/pulumi-github/sdk/v6 v6.0.0
	github.com/pulumi/pulumi/sdk/v3 v3.0.0
)

replace (
	github.com/aws/aws-sdk-go-v2 => ../stubs/aws-sdk-go-v2
	github.com/pulumi/pulumi-aws/sdk/v6 => ../stubs/pulumi-aws
	github.com/pulumi/pulumi-github/sdk/v6 => ../stubs/pulumi-github
	github.com/pulumi/pulumi/sdk/v3 => ../stubs/pulumi
)
