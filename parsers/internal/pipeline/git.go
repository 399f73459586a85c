package pipeline

import (
	"bufio"
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"sync"
)

// repositories caches the repository of each checkout directory: every
// pipeline file of a checkout asks for the same one.
var repositories sync.Map // git directory -> string

// Repository returns the repository the file at path belongs to, as
// owner/name (GitHub) or group/subgroup/project (GitLab): the path of the
// remote "origin" URL of the git checkout that holds it, looked for from
// the file's directory up to root and no further. "" when there is none.
func Repository(path, root string) string {
	dir, err := filepath.Abs(filepath.Dir(path))
	if err != nil {
		return ""
	}
	stop, err := filepath.Abs(root)
	if err != nil {
		return ""
	}
	for {
		gitPath := filepath.Join(dir, ".git")
		if info, err := os.Stat(gitPath); err == nil {
			if v, ok := repositories.Load(gitPath); ok {
				return v.(string)
			}
			repo := remoteRepository(configOf(gitPath, info.IsDir()))
			repositories.Store(gitPath, repo)
			return repo
		}
		if dir == stop || !strings.HasPrefix(dir, stop) {
			return ""
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return ""
		}
		dir = parent
	}
}

// configOf reads the config of a .git directory, or of the repository a
// .git file (a worktree, a submodule) points to.
func configOf(gitPath string, isDir bool) []byte {
	gitDir := gitPath
	if !isDir {
		b, err := os.ReadFile(gitPath)
		if err != nil {
			return nil
		}
		target, ok := strings.CutPrefix(strings.TrimSpace(string(b)), "gitdir:")
		if !ok {
			return nil
		}
		gitDir = strings.TrimSpace(target)
		if !filepath.IsAbs(gitDir) {
			gitDir = filepath.Join(filepath.Dir(gitPath), gitDir)
		}
		// A worktree's own directory names the repository's in commondir.
		if common, err := os.ReadFile(filepath.Join(gitDir, "commondir")); err == nil {
			c := strings.TrimSpace(string(common))
			if !filepath.IsAbs(c) {
				c = filepath.Join(gitDir, c)
			}
			gitDir = c
		}
	}
	b, err := os.ReadFile(filepath.Join(gitDir, "config"))
	if err != nil {
		return nil
	}
	return b
}

// remoteRepository reads the url of remote "origin" from a git config and
// returns its path without ".git".
func remoteRepository(config []byte) string {
	sc := bufio.NewScanner(bytes.NewReader(config))
	inOrigin := false
	for sc.Scan() {
		line := strings.TrimSpace(sc.Text())
		if strings.HasPrefix(line, "[") {
			inOrigin = strings.ReplaceAll(line, " ", "") == `[remote"origin"]`
			continue
		}
		if !inOrigin {
			continue
		}
		key, value, ok := strings.Cut(line, "=")
		if ok && strings.TrimSpace(key) == "url" {
			return RepositoryOfURL(strings.TrimSpace(value))
		}
	}
	return ""
}

// RepositoryOfURL returns the repository path of a git remote URL:
// git@github.com:owner/repo.git, https://github.com/owner/repo,
// ssh://git@gitlab.com/group/sub/project.git all give the part after the
// host.
func RepositoryOfURL(url string) string {
	rest := url
	if i := strings.Index(rest, "://"); i >= 0 {
		rest = rest[i+3:]
		if j := strings.IndexByte(rest, '/'); j >= 0 {
			rest = rest[j+1:]
		} else {
			return ""
		}
	} else if i := strings.IndexByte(rest, ':'); i >= 0 {
		rest = rest[i+1:]
	} else {
		return ""
	}
	rest = strings.TrimSuffix(strings.TrimSuffix(rest, "/"), ".git")
	if !strings.Contains(rest, "/") {
		return ""
	}
	return rest
}
