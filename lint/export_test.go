package lint

// WriteTree writes files (relative path: content) under root, for the
// external tests of the package (package lint_test).
var WriteTree = write
