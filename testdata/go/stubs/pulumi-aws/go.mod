module github.com/pulumi/pulumi-aws/sdk/v6

go 1.22

require github.com/pulumi/pulumi/sdk/v3 v3.0.0

replace github.com/pulumi/pulumi/sdk/v3 => ../pulumi
