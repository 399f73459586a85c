module github.com/pulumi/pulumi/sdk/v3

go 1.22
