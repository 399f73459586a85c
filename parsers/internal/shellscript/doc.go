// Package shellscript reads a shell script (bash, with mvdan.cc/sh/v3, the
// parser behind shfmt) and lowers what iamlint's rules care about into the
// shared model: AWS CLI calls, the CI secret stores a script writes to, the
// variables between them, and the script's free text. It serves every
// front-end that holds scripts: parsers/shell for *.sh files, and the CI
// front-ends for each run:/script: block of a pipeline. It knows nothing of
// CI systems.
//
// # Entry point
//
// Lower takes a Script and returns a Result:
//
//	res := shellscript.Lower(shellscript.Script{
//		Path:   "ci.yml",              // the file ranges point into
//		Src:    []byte(blockText),      // the script, without the host's indentation
//		Pos:    shellscript.LineStarts(starts), // script offset -> host position
//		Prefix: "jobs.deploy.steps[2]", // keeps addresses of two blocks apart
//		Dir:    repoRoot,               // where file://policy.json is read from
//	})
//
// Script.Pos maps a byte offset of Src to a position of the host file. A
// standalone script leaves it nil: Src is the whole file. A script embedded
// in YAML passes LineStarts with the host position of the first byte of
// each script line (a block scalar strips the same indentation from every
// line, so each line of the script is a contiguous stretch of the host), or
// any function of its own (a quoted scalar with escapes). Every range in
// the Result is mapped through it: resources, values, policy elements,
// literals, suppressions and diagnostics point into the host file.
//
// # What a script becomes
//
//   - Every `aws <service> <operation>` call is a model.Resource of mode
//     Managed and Type "aws <service> <operation>" ("aws iam create-user").
//     Its Body is an Object of the options by long name without the dashes
//     ("user-name", "policy-arn"), each value with its exact range; a flag
//     without a value is a true Bool. Its Address is the command path and
//     its identifying arguments (the user, role, policy, parameter name),
//     "aws iam create-user ci", with Prefix and ": " before it and "#2",
//     "#3" after it only when one script makes the same call twice. No line
//     number is part of it. Range is the command words ("aws iam
//     create-user"), Extent the whole statement.
//   - A policy document given to --assume-role-policy-document or
//     --policy-document, inline or as file://path (read relative to
//     Script.Dir, or from what the script itself wrote to that path with a
//     here-document), is parsed into the normalized model.Policy, with the
//     ranges of its elements in the script (or in the JSON file).
//   - `gh secret set NAME`, `gh variable set NAME` (--body/-b, or the value
//     piped or redirected into them) and `glab variable set|create|update
//     KEY VALUE` (--value/-v) are resources of Type "gh secret set", "gh
//     variable set" and "glab variable set" with the attributes "name" and
//     "value". A redirect to a file (`> key.json`, `>> creds`, `| tee f`)
//     is a resource of Type RedirectType whose "content" is what the command
//     writes and "path" where; its address is "> path" (">> path" when it
//     appends).
//   - `kubectl create secret ... --from-literal=K=V` is a resource of Type
//     "kubectl create secret" with its "from-literal" options, and
//     `kubectl apply|create|replace -f -` one whose "manifest" is what it
//     reads on standard input.
//   - Credentials the script configures for the AWS CLI, `export
//     AWS_ACCESS_KEY_ID=...`, `AWS_SECRET_ACCESS_KEY=...`, `aws configure
//     set aws_access_key_id ...`, are a resource of Type CredentialsType
//     whose attributes are the environment names (AWS_ACCESS_KEY_ID,
//     AWS_SECRET_ACCESS_KEY, AWS_SESSION_TOKEN) with their values.
//   - A variable assignment is a model.Local named like the variable
//     (after Prefix and ": " when Prefix is set: two run: blocks of one
//     file share no shell variables), labelled "$NAME"; its value lists every value assigned to it anywhere
//     in the script (a script is not run: each may be the one a reader
//     sees). A variable assigned once, to a literal, is also known where it
//     is read. A variable the script never assigns is an input: a
//     model.Variable named like it (no prefix: a CI front-end binds it to
//     the job's environment by setting Variable.Set, and merges the
//     inputs of its blocks), and reading it a model.RefVariable.
//   - Inside a function, $1, $2 ... and $@ are locals ("f() $1") that
//     hold what every call of the function passes.
//   - An option given as file://path (or fileb://), and gh's --env-file,
//     read what the script wrote to that path, when it did.
//   - `$(aws iam create-access-key ...)`, alone, with --query
//     AccessKey.SecretAccessKey, or piped through `jq -r
//     .AccessKey.AccessKeyId`, reads the key resource: a model.RefResource
//     whose Attr is the part of the key it gives ("SecretAccessKey",
//     "AccessKeyId", or empty for the whole response). Filters such as
//     tee, base64, sed, awk and cut pass what they read on.
//   - Literals are the script's lines, for the hard-coded key search, when
//     the script may hold a key (model.MayHoldKey); Suppressions are its
//     `# iamlint:ignore` comments, each covering the statement it annotates.
//
// A script that does not parse is one warning at the offending position
// (bash runs what comes before a syntax error, and most scripts are not
// infrastructure: a broken one does not fail the scan), and its literals and suppressions are still returned; Lower
// never panics on any input (FuzzScript in parsers/shell).
package shellscript
