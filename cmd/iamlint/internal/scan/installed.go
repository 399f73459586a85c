package scan

import (
	"encoding/json"
	"os"
	"path/filepath"
	"sort"
	"strings"

	"github.com/iamlint/iamlint/parsers/model"
	"github.com/iamlint/iamlint/parsers/terraform"
)

// modulesManifest is .terraform/modules/modules.json, written by
// "terraform init": where each registry or git module of a root module was
// installed.
type modulesManifest struct {
	Modules []struct {
		Key    string `json:"Key"`
		Source string `json:"Source"`
		Dir    string `json:"Dir"`
	} `json:"Modules"`
}

// installedModules reads the manifests of the scanned Terraform
// directories. It returns, per root directory, the installed module
// directories by key, and the files of those directories to parse. Only
// directories inside the scan root are read, and local modules (already
// scanned where they are) are left out.
func installedModules(inputs []input) (map[string]map[string]string, []input) {
	installed := map[string]map[string]string{}
	var extra []input
	seen := map[string]bool{}
	for _, in := range inputs {
		dir := filepath.Dir(in.path)
		if seen[dir] {
			continue
		}
		seen[dir] = true
		raw, err := os.ReadFile(filepath.Join(dir, ".terraform", "modules", "modules.json"))
		if err != nil {
			continue // no manifest: terraform init has not run here
		}
		var manifest modulesManifest
		if json.Unmarshal(raw, &manifest) != nil {
			continue
		}
		for _, m := range manifest.Modules {
			if m.Key == "" || m.Dir == "" || strings.HasPrefix(m.Source, "./") || strings.HasPrefix(m.Source, "../") {
				continue
			}
			mdir := filepath.Clean(filepath.Join(dir, filepath.FromSlash(m.Dir)))
			if !within(in.root, mdir) {
				continue
			}
			if installed[dir] == nil {
				installed[dir] = map[string]string{}
			}
			installed[dir][m.Key] = mdir
			if seen["vendored\x00"+mdir] {
				continue
			}
			seen["vendored\x00"+mdir] = true
			entries, err := os.ReadDir(mdir)
			if err != nil {
				continue
			}
			for _, e := range entries {
				if !e.IsDir() && terraform.IsConfig(e.Name()) && !strings.Contains(e.Name(), ".tfvars") {
					extra = append(extra, input{path: filepath.Join(mdir, e.Name()), root: in.root, vendored: true})
				}
			}
		}
	}
	sort.Slice(extra, func(i, j int) bool { return extra[i].path < extra[j].path })
	return installed, extra
}

func within(root, path string) bool {
	rel, err := filepath.Rel(root, path)
	return err == nil && rel != ".." && !strings.HasPrefix(rel, ".."+string(filepath.Separator))
}

// markInstalled records the manifests on the modules they belong to.
func markInstalled(mods []*model.Module, installed map[string]map[string]string, vendored map[string]bool) {
	for _, m := range mods {
		m.Installed = installed[m.Dir]
		m.Vendored = vendored[m.Dir]
	}
}
