package pipeline

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/iamlint/iamlint/parsers/model"
)

// TestScalarEnd: every YAML scalar style ends where its text does, so a
// finding's range covers exactly the value.
func TestScalarEnd(t *testing.T) {
	for _, tc := range []struct {
		name, src, want string
	}{
		{"plain", "key: value here\n", "value here"},
		{"plain comment", "key: value # note\n", "value"},
		{"plain hash inside", "key: a#b\n", "a#b"},
		{"double", `key: "a \" b" # c` + "\n", `"a \" b"`},
		{"single", "key: 'it''s' x\n", "'it''s'"},
		{"flow list", "key: [main, dev]\n", "main"},
		{"flow map", "key: {a: b}\n", "b"},
		{"literal block", "key: |\n  one\n\n  two\nnext: x\n", "|\n  one\n\n  two"},
		{"folded in a list", "steps:\n  - run: >-\n      a\n      b\n  - run: c\n", ">-\n      a\n      b"},
		{"block to EOF", "run: |\n  a\n  b", "|\n  a\n  b"},
		{"empty block", "run: |\nnext: 1\n", "|"},
		{"crlf", "key: v\r\nnext: w\r\n", "v"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			s := NewSource("f.yml", []byte(tc.src))
			marker := strings.Index(tc.src, tc.want)
			if tc.name == "flow map" {
				marker = strings.Index(tc.src, "b}")
			}
			end := s.ScalarEnd(marker)
			if got := tc.src[marker:end]; got != tc.want {
				t.Errorf("scalar %q, want %q", got, tc.want)
			}
		})
	}
}

// TestOffsetRunes: YAML columns count characters, the model's bytes.
func TestOffsetRunes(t *testing.T) {
	src := "name: \"déploiement\"\nx: y\n"
	s := NewSource("f.yml", []byte(src))
	if off := s.Offset(1, 7); src[off] != '"' {
		t.Errorf("offset of column 7: %d", off)
	}
	if off := s.Offset(2, 4); src[off:off+1] != "y" {
		t.Errorf("offset of 2:4: %d", off)
	}
	// A position past the end stays in the file.
	if off := s.Offset(9, 1); off != len(src) {
		t.Errorf("past the end: %d", off)
	}
}

// TestExprValue: ${{ secrets.X }}, vars, env and the index form are
// references at their exact ranges; the value is unknown with a pattern.
func TestExprValue(t *testing.T) {
	src := `k: "${{ secrets.AWS_SECRET_ACCESS_KEY }}-${{ vars['ROLE'] }}/${{ env.X || github.ref }}"` + "\n"
	s := NewSource("f.yml", []byte(src))
	start := strings.IndexByte(src, '"')
	end := s.ScalarEnd(start)
	v := s.ExprValue("${{ secrets.AWS_SECRET_ACCESS_KEY }}-${{ vars['ROLE'] }}/${{ env.X || github.ref }}", start, end)
	if v.Kind != model.Unknown || v.Pattern != "*-*/*" {
		t.Errorf("kind %v pattern %q", v.Kind, v.Pattern)
	}
	want := []struct {
		kind       model.RefKind
		name, text string
	}{
		{model.RefSecret, "AWS_SECRET_ACCESS_KEY", "secrets.AWS_SECRET_ACCESS_KEY"},
		{model.RefCIVariable, "ROLE", "vars['ROLE']"},
		{model.RefEnv, "X", "env.X"},
	}
	if len(v.Refs) != len(want) {
		t.Fatalf("refs %+v", v.Refs)
	}
	for i, w := range want {
		r := v.Refs[i]
		if r.Kind != w.kind || r.Name != w.name || src[r.Range.Start.Byte:r.Range.End.Byte] != w.text {
			t.Errorf("ref %d: %+v (%q), want %v %s %q", i, r, src[r.Range.Start.Byte:r.Range.End.Byte], w.kind, w.name, w.text)
		}
	}
	if plain := s.ExprValue("plain", 0, 1); plain.Kind != model.String || plain.Str != "plain" {
		t.Errorf("plain value %+v", plain)
	}
}

// TestVarValue: $X and ${X} are references, RefEnv when the pipeline
// defines X, RefCIVariable otherwise; $$ is an escaped dollar.
func TestVarValue(t *testing.T) {
	src := "k: $$HOME ${A}-$B\n"
	s := NewSource("f.yml", []byte(src))
	v := s.VarValue("$$HOME ${A}-$B", 3, len(src)-1, func(n string) bool { return n == "A" })
	if len(v.Refs) != 2 || v.Refs[0].Kind != model.RefEnv || v.Refs[1].Kind != model.RefCIVariable || v.Refs[1].Name != "B" {
		t.Fatalf("refs %+v", v.Refs)
	}
	if got := src[v.Refs[0].Range.Start.Byte:v.Refs[0].Range.End.Byte]; got != "${A}" {
		t.Errorf("range of ${A}: %q", got)
	}
	if v.Pattern != "$$HOME *-*" {
		t.Errorf("pattern %q", v.Pattern)
	}
}

// TestBlockOffsets: an offset into a run: script maps to the same
// character in the host file.
func TestBlockOffsets(t *testing.T) {
	src := "steps:\n  - run: |\n      echo one\n      aws configure set x\n"
	start := strings.IndexByte(src, '|')
	s := NewSource("f.yml", []byte(src))
	end := s.ScalarEnd(start)
	text := "echo one\naws configure set x\n"
	off := BlockOffsets([]byte(src), start, end)
	for _, word := range []string{"echo", "one", "aws", "set"} {
		i := strings.Index(text, word)
		if got := src[off(i) : off(i)+len(word)]; got != word {
			t.Errorf("%s: maps to %q", word, got)
		}
	}
	quoted := `run: "aws s3 ls"` + "\n"
	q := BlockOffsets([]byte(quoted), 5, 16)
	if quoted[q(4):q(6)] != "s3" {
		t.Errorf("quoted: %q", quoted[q(4):q(6)])
	}
}

func TestRepositoryOfURL(t *testing.T) {
	for url, want := range map[string]string{
		"git@github.com:acme/app.git":                "acme/app",
		"https://github.com/acme/app":                "acme/app",
		"https://github.com/acme/app.git/":           "acme/app",
		"ssh://git@gitlab.com/group/sub/project.git": "group/sub/project",
		"https://user:token@gitlab.example.com/g/p":  "g/p",
		"/srv/git/app.git":                           "",
		"git@github.com:app.git":                     "",
		"file:///srv/repos/acme/app.git":             "srv/repos/acme/app",
	} {
		if got := RepositoryOfURL(url); got != want {
			t.Errorf("%s: %q, want %q", url, got, want)
		}
	}
}

// TestRepository: the remote is found from the pipeline's directory up to
// the scan root, through a worktree's .git file too, and never above the
// root.
func TestRepository(t *testing.T) {
	root := t.TempDir()
	write := func(path, content string) {
		t.Helper()
		full := filepath.Join(root, path)
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("main/.git/config", "[core]\n\tbare = false\n[remote \"upstream\"]\n\turl = git@github.com:other/fork.git\n[remote \"origin\"]\n\turl = git@github.com:acme/app.git\n")
	write("main/.github/workflows/ci.yml", "on: push\n")
	write("main/.git/worktrees/wt/commondir", "../..\n")
	write("wt/.git", "gitdir: "+filepath.Join(root, "main/.git/worktrees/wt")+"\n")
	write("wt/.gitlab-ci.yml", "x: 1\n")
	write("outside/repo/sub/.gitlab-ci.yml", "x: 1\n")
	write("outside/.git/config", "[remote \"origin\"]\n\turl = https://github.com/no/no\n")
	for path, want := range map[string]string{
		"main/.github/workflows/ci.yml":   "acme/app",
		"wt/.gitlab-ci.yml":               "acme/app",
		"outside/repo/sub/.gitlab-ci.yml": "",
	} {
		scanRoot := filepath.Join(root, strings.SplitN(path, "/", 2)[0])
		if strings.HasPrefix(path, "outside") {
			scanRoot = filepath.Join(root, "outside/repo")
		}
		if got := Repository(filepath.Join(root, path), scanRoot); got != want {
			t.Errorf("%s: %q, want %q", path, got, want)
		}
	}
}

// TestAliasBomb: aliases that would expand to billions of values are read
// in bounded time, the excess unknown.
func TestAliasBomb(t *testing.T) {
	src := "a: &a [x, x, x, x, x, x, x, x, x, x]\n"
	prev := "a"
	for _, name := range []string{"b", "c", "d", "e", "f", "g", "h", "i"} {
		src += name + ": &" + name + " [" + strings.Repeat("*"+prev+", ", 9) + "*" + prev + "]\n"
		prev = name
	}
	src += "variables: {X: *i}\n"
	s := NewSource("f.yml", []byte(src))
	root, diag := s.Parse()
	if diag != nil {
		t.Fatal(diag)
	}
	_, vars := Get(root, "variables")
	v := s.Value(vars, nil)
	if v.Kind != model.Object || s.values > 2*maxValues {
		t.Errorf("kind %v, %d values", v.Kind, s.values)
	}
}
