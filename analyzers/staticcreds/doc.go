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
//   - aws-sdk-go-v2: calls of credentials.NewStaticCredentialsProvider
//     (also with empty keys, which v2 does not read as anonymous: its
//     anonymous form is aws.AnonymousCredentials{}),
//     credentials.StaticCredentialsProvider{Value: ...} literals (the value
//     may be a variable holding the credentials literal), and
//     aws.Credentials{...} literals, returned by a function converted to
//     aws.CredentialsProviderFunc or, anywhere else, whose keys are
//     literals or come from the environment or a command-line flag (but
//     not AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY themselves, which the
//     default chain reads first: a tool showing what is exported);
//   - aws-sdk-go (v1): calls of credentials.NewStaticCredentials and
//     credentials.NewStaticCredentialsFromCreds, credentials.StaticProvider
//     literals, and credentials.Value{...} literals, on the same terms.
//
// The level says how bad it is:
//
//   - error when the access key ID or the secret is a string constant: the
//     key is in the source and its history;
//   - warning when they are read at run time (environment, flags, a config
//     file): the default chain would read the environment itself and fall
//     back to the instance or task role.
//
// Not reported (heuristics for precision, each at the cost of a possible
// miss):
//
//   - credentials whose session token is a field of an STS, SSO or Cognito
//     result (a value whose type says when it expires): temporary
//     credentials. A token from the application's own settings is optional
//     and usually empty, and proves nothing;
//   - credentials in a function that always points the SDK at a literal
//     endpoint that is not AWS's (BaseEndpoint, Endpoint, an endpoint
//     resolver): S3-compatible stores (MinIO, R2, Ceph) and local emulators
//     have no roles. An endpoint from a parameter, the environment or a
//     setting, or set only in an if, may be empty, and then the client
//     talks to AWS: the warning stays, and says so;
//   - literal keys that are not shaped like an AWS access key ID
//     ("minio", "test") next to any custom endpoint: placeholders or
//     emulator keys, not AWS keys;
//   - credentials built inside an if statement of a function that calls
//     config.LoadDefaultConfig without a credentials provider outside it:
//     keys when the user configures them, the default chain otherwise.
//
// Never reported: empty credentials in SDK v1 (anonymous access), custom
// providers, and _test.go files (mocks and local endpoints use fake keys).
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
