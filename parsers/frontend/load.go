package frontend

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"sync"

	"github.com/bmatcuk/doublestar/v4"

	"github.com/iamlint/iamlint/parsers/model"
)

// DefaultMaxFileSize is the largest file a scan reads, and the cap on a
// file that a function such as Terraform's file() reads.
const DefaultMaxFileSize = 8 << 20

// TooLargeError is the error of ReadFile for a file over the size cap.
type TooLargeError struct{ Size int64 }

func (e TooLargeError) Error() string { return fmt.Sprintf("file is larger than %d bytes", e.Size) }

// ReadFile reads a file as a scan does, refusing one larger than maxSize
// (0: DefaultMaxFileSize) with a TooLargeError.
func ReadFile(path string, maxSize int64) ([]byte, error) {
	if maxSize <= 0 {
		maxSize = DefaultMaxFileSize
	}
	return readFile(path, maxSize)
}

// readFileOS is ReadFile through package os: for systems without the
// direct path (readfile_unix.go) and for files that are not regular.
func readFileOS(path string, maxSize int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close() //nolint:errcheck // read-only: a close error loses nothing
	// A file known to be too large is refused without reading it; the
	// size of one that is not sizes the buffer, plus a byte to see the
	// end (or that the file grew).
	size := int64(0)
	if info, err := f.Stat(); err == nil && info.Mode().IsRegular() {
		if info.Size() > maxSize {
			return nil, TooLargeError{maxSize}
		}
		size = info.Size()
	}
	limited := io.LimitReader(f, maxSize+1)
	src := make([]byte, size+1)
	n, err := io.ReadFull(limited, src)
	switch {
	case errors.Is(err, io.EOF) || errors.Is(err, io.ErrUnexpectedEOF):
		src, err = src[:n], nil
	case err == nil:
		var rest []byte
		rest, err = io.ReadAll(limited)
		src = append(src, rest...)
	}
	if err != nil {
		return nil, err
	}
	if int64(len(src)) > maxSize {
		return nil, TooLargeError{maxSize}
	}
	return src, nil
}

// ReadHead reads up to n bytes of a file: enough to tell what a file too
// large to read whole is.
func ReadHead(path string, n int64) []byte {
	f, err := os.Open(path)
	if err != nil {
		return nil
	}
	defer f.Close() //nolint:errcheck // read-only: a close error loses nothing
	head, _ := io.ReadAll(io.LimitReader(f, n))
	return head
}

// ReadError is the diagnostic for a file ReadFile refused: a warning for
// one over the size cap, an error for one that cannot be read.
func ReadError(path string, err error, maxSize int64) model.Diagnostic {
	if errors.As(err, new(TooLargeError)) {
		return model.Diagnostic{
			Severity: model.Warning,
			Summary:  fmt.Sprintf("skipped: larger than %d bytes", maxSize),
			Range:    model.Range{File: path},
		}
	}
	d := PathError(path, err)
	if !strings.HasPrefix(d.Summary, brokenLink) {
		d.Summary = "cannot read file: " + d.Summary
	}
	return d
}

const brokenLink = "broken symbolic link: "

// PathError is the diagnostic for a path that cannot be read or walked.
func PathError(path string, err error) model.Diagnostic {
	d := model.Diagnostic{Severity: model.Error, Range: model.Range{File: path}}
	// A link to nothing: "no such file" would be about a file that is
	// plainly there; name the link and where it points instead.
	if errors.Is(err, fs.ErrNotExist) {
		if info, lerr := os.Lstat(path); lerr == nil && info.Mode()&fs.ModeSymlink != 0 {
			if target, rerr := os.Readlink(path); rerr == nil {
				d.Summary = brokenLink + path + " -> " + target
				return d
			}
		}
	}
	var pe *fs.PathError
	if errors.As(err, &pe) {
		err = pe.Err
	}
	d.Summary = err.Error()
	return d
}

// InternalError turns a recovered panic into a diagnostic, so that a bug in
// one file's handling never hides the findings of the others.
func InternalError(path string, r any) model.Diagnostic {
	return model.Diagnostic{
		Severity: model.Error,
		Summary:  fmt.Sprintf("internal error: %v", r),
		Detail:   "This is a bug in iamlint; please report it, with the file if you can.",
		Range:    model.Range{File: path},
	}
}

// Parallel runs fn(0..n-1) on up to workers goroutines.
func Parallel(n, workers int, fn func(int)) {
	if workers > n {
		workers = n
	}
	var wg sync.WaitGroup
	next := make(chan int)
	for w := 0; w < workers; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range next {
				fn(i)
			}
		}()
	}
	for i := 0; i < n; i++ {
		next <- i
	}
	close(next)
	wg.Wait()
}

// SkippedDirs are never walked: tool caches and dependencies, not the
// user's infrastructure. .aws-sam holds "sam build" output: copies of the
// templates, which would report every finding twice.
var skippedDirs = map[string]bool{".terraform": true, ".git": true, "node_modules": true, ".aws-sam": true}

// SkippedDir reports whether a directory of this name is never walked.
func SkippedDir(name string) bool { return skippedDirs[name] }

// Excluded matches --exclude patterns (doublestar globs) against a path
// relative to the scan root and against the path as displayed.
func Excluded(patterns []string, rel, display string) bool {
	rel, display = filepath.ToSlash(rel), filepath.ToSlash(display)
	for _, p := range patterns {
		p = strings.TrimSuffix(p, "/")
		for _, candidate := range []string{rel, display} {
			if ok, _ := doublestar.Match(p, candidate); ok {
				return true
			}
		}
	}
	return false
}
