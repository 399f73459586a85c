package model

// MaxNesting is how deep the front-ends read nested input: brackets,
// braces, parentheses, template interpolations and quoted strings of a
// Terraform expression, the arrays and objects of JSON, the collections of
// YAML, a policy document read from a string. Past it, the front-end does
// not hand the text to a parser: the block, value or file is not read and
// an error diagnostic says where the limit is passed.
//
// Why 1,000: real configurations stay far below it (a policy is about six
// levels deep; the deepest file of terraform-aws-modules/terraform-aws-eks
// and aws-samples/aws-cdk-examples nests 20 brackets, this repository's
// fixtures 10), while the parsers behind the front-ends recurse
// once or more per level. hclsyntax costs about 0.3 s and 40 MB for a file
// nested 1,000 deep and 2 s and 240 MB at 10,000, and a goroutine stack
// overflow (about 70,000 levels of hclsyntax) ends the process, which no
// recover can catch. yaml.v3 stops by itself at 10,000.
const MaxNesting = 1000
