// Package shell is the front-end for shell scripts: *.sh and *.bash
// files, and files without an extension whose first line is a shell
// shebang (#!/bin/sh, #!/usr/bin/env bash). Each script is one module
// (model.Module.File set), lowered by parsers/internal/shellscript, which
// the CI front-ends share for their run: and script: blocks.
package shell

import (
	"bytes"
	"context"
	"path/filepath"
	"strings"

	"github.com/iamlint/iamlint/parsers/frontend"
	"github.com/iamlint/iamlint/parsers/internal/shellscript"
	"github.com/iamlint/iamlint/parsers/model"
)

// FrontEnd is the shell script front-end.
type FrontEnd struct{}

// Meta describes shell scripts for the generated documentation.
func (FrontEnd) Meta() frontend.Meta {
	return frontend.Meta{
		Language: model.Shell,
		Title:    "Shell",
		Fence:    "sh",
		Suppression: &frontend.SuppressionDoc{
			Where:   "a comment on the line before the command (or at the end of its line) in a shell script",
			Inline:  "`# iamlint:ignore %[1]s <reason>` on the line before the shell command",
			Example: "# iamlint:ignore %[1]s <why this is acceptable>\naws iam ...\n",
		},
		Fixtures: []string{"*.sh", "*.bash"},
	}
}

// Match claims *.sh and *.bash, and a file without an extension whose
// first line is a shell shebang. Only the first bytes of such a file are
// read, so that walking a tree of binaries and data costs little.
func (FrontEnd) Match(path string, _ bool) bool {
	switch filepath.Ext(path) {
	case ".sh", ".bash":
		return true
	case "":
		return HasShebang(frontend.ReadHead(path, shebangHead))
	}
	return false
}

// shebangHead is how much of a file tells whether it starts with a shell
// shebang: "#!/usr/bin/env -S bash -e" fits.
const shebangHead = 64

// shells are the interpreters whose scripts this front-end reads: bash and
// the POSIX shells that bash's grammar covers.
var shells = map[string]bool{"sh": true, "bash": true, "dash": true, "ash": true, "ksh": true}

// HasShebang reports whether head starts with a shebang line that runs a
// shell: #!/bin/sh, #!/bin/bash -e, #!/usr/bin/env bash.
func HasShebang(head []byte) bool {
	head = bytes.TrimPrefix(head, []byte(model.BOM))
	line, ok := bytes.CutPrefix(head, []byte("#!"))
	if !ok {
		return false
	}
	if i := bytes.IndexByte(line, '\n'); i >= 0 {
		line = line[:i]
	}
	fields := strings.Fields(string(line))
	if len(fields) == 0 {
		return false
	}
	interp := filepath.Base(fields[0])
	if interp == "env" {
		for _, f := range fields[1:] {
			if !strings.HasPrefix(f, "-") {
				interp = filepath.Base(f)
				break
			}
		}
	}
	return shells[interp]
}

// Load lowers each script into a module of its own.
func (FrontEnd) Load(_ context.Context, inputs []frontend.Input, opts frontend.Options) *frontend.Result {
	type loaded struct {
		mod   *model.Module
		file  *model.File
		diags []model.Diagnostic
	}
	all := make([]loaded, len(inputs))
	frontend.Parallel(len(inputs), opts.Workers, func(i int) {
		path := inputs[i].Path
		defer func() {
			if r := recover(); r != nil {
				all[i] = loaded{diags: []model.Diagnostic{frontend.InternalError(path, r)}}
			}
		}()
		mod, file, diags := loadScript(path, opts.MaxFileSize)
		all[i] = loaded{mod, file, diags}
	})
	out := &frontend.Result{}
	for _, l := range all {
		if l.mod != nil {
			out.Modules = append(out.Modules, l.mod)
		}
		if l.file != nil {
			out.Files = append(out.Files, l.file)
		}
		out.Diagnostics = append(out.Diagnostics, l.diags...)
	}
	return out
}

// loadScript reads and lowers one script.
func loadScript(path string, maxSize int64) (*model.Module, *model.File, []model.Diagnostic) {
	src, err := frontend.ReadFile(path, maxSize)
	if err != nil {
		return nil, nil, []model.Diagnostic{frontend.ReadError(path, err, maxSize)}
	}
	var diags []model.Diagnostic
	file := &model.File{Path: path, Language: model.Shell, Src: src}
	// The shell reads bytes, not UTF-8: a script in Latin-1 runs, so it is
	// no error here either. Invalid bytes are read as "_" (offsets stay).
	src, _ = frontend.ReadableUTF8(src)
	mod := &model.Module{Dir: filepath.Dir(path), File: path, Language: model.Shell}
	if !mayMatter(src) {
		return mod, file, diags // nothing a rule reads: not worth parsing
	}
	res := shellscript.Lower(shellscript.Script{
		Path: path, Src: src, Dir: filepath.Dir(path),
		ReadFile: func(p string) ([]byte, error) { return frontend.ReadFile(p, maxSize) },
	})
	mod.Resources, mod.Locals, mod.Variables = res.Resources, res.Locals, res.Variables
	file.Literals, file.Suppressions = res.Literals, res.Suppressions
	return mod, file, append(diags, res.Diagnostics...)
}

// mayMatter is the prefilter: a script that mentions neither AWS (any
// case: aws, AWS_SECRET_ACCESS_KEY), nor a key ID, nor a suppression holds
// nothing any rule reads: no AWS call, no key, no key-named variable.
func mayMatter(src []byte) bool {
	return containsFold(src, "aws") || model.MayHoldKey(src)
}

// containsFold reports whether src contains word (lower case) in any case,
// without copying src.
func containsFold(src []byte, word string) bool {
	for i := 0; i+len(word) <= len(src); i++ {
		j := 0
		for j < len(word) && src[i+j]|0x20 == word[j] {
			j++
		}
		if j == len(word) {
			return true
		}
	}
	return false
}
