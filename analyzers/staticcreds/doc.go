// Package staticcreds defines an Analyzer that reports static AWS
// credentials in Go code (iamlint rule IAM401) and access keys written as
// literals (IAM107).
//
// # Analyzer staticcreds
//
// staticcreds: report static AWS SDK credentials where the default credential chain would use a role
//
// A Go service that builds its AWS client from an access key and secret
// cannot use the instance profile, the ECS task role, EKS IRSA or Pod
// Identity: the key is used everywhere, never expires, and has to be
// distributed and rotated by hand. The default credential chain
// (config.LoadDefaultConfig in aws-sdk-go-v2, session.NewSession in
// aws-sdk-go) finds the role by itself; stscreds assumes another role.
//
// The analyzer resolves the SDK through type information, so renamed
// imports, dot imports and vendored copies are recognized and a local
// package that happens to be called "credentials" is not. It reports:
//
//   - aws-sdk-go-v2: calls of credentials.NewStaticCredentialsProvider,
//     credentials.StaticCredentialsProvider{Value: ...} literals, and
//     aws.Credentials{...} literals whose values are literals, or that are
//     returned by a function converted to aws.CredentialsProviderFunc;
//   - aws-sdk-go (v1): calls of credentials.NewStaticCredentials and
//     credentials.NewStaticCredentialsFromCreds, credentials.StaticProvider
//     literals, and credentials.Value{...} literals whose values are
//     literals.
//
// The level says how bad it is:
//
//   - error when the access key ID or the secret is a string constant: the
//     key is in the source and its history;
//   - warning when they are read at run time (environment, flags, a config
//     file): the default chain would read the environment itself and fall
//     back to the instance or task role.
//
// Not reported at warning level (heuristics for precision, each at the
// cost of a possible miss):
//
//   - credentials whose session token is read at run time from something
//     other than the environment: temporary credentials, returned by STS
//     for instance;
//   - credentials in a function that also points the SDK at a custom
//     endpoint (BaseEndpoint, Endpoint, an endpoint resolver): S3-compatible
//     stores (MinIO, R2, Ceph) and local emulators have no roles;
//   - credentials built inside an if statement of a function that calls
//     config.LoadDefaultConfig without a credentials provider outside it:
//     keys when the user configures them, the default chain otherwise.
//
// Never reported: empty credentials (anonymous access), custom providers,
// and _test.go files (mocks and local endpoints use fake keys).
//
// IAM107: every string literal and comment of the package (test files
// included) is searched for AWS access key IDs (AKIA or ASIA and 16
// characters of A-Z and 2-7), and for 40-character secret access keys
// within five lines of one. AWS's documentation examples
// (AKIAIOSFODNN7EXAMPLE and its secret) are reported as notes.
//
// Diagnostics follow the convention of package
// github.com/iamlint/iamlint/analyzers: the category is the rule ID and
// the message starts with the level.
package staticcreds
