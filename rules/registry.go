package rules

import (
	"fmt"
	"sort"
	"strings"

	"github.com/agext/levenshtein"
)

// All returns the catalog, sorted by ID. Each call returns a fresh slice of
// the same rules, so callers may filter it freely.
func All() []*Rule {
	all := []*Rule{
		accessKeyInEC2,
		accessKeyInService,
		accessKeyInCI,
		accessKeyExported,
		accessKeyLongTerm,
		staticCredentialsInProvider,
		hardcodedAccessKey,
		accessKeyMintingPermission,
		userAttachedPolicy,
		userConsoleAccess,
		userMultipleAccessKeys,
		trustAnyPrincipal,
		crossAccountTrustUnconditioned,
		oidcTrustUnscoped,
		goStaticCredentials,
	}
	sort.Slice(all, func(i, j int) bool { return all[i].ID < all[j].ID })
	return all
}

// Lookup finds a rule by ID (IAM105) or name (access-key-long-term),
// case-insensitively.
func Lookup(idOrName string) *Rule {
	for _, r := range All() {
		if strings.EqualFold(r.ID, idOrName) || strings.EqualFold(r.Name, idOrName) {
			return r
		}
	}
	return nil
}

// Select returns the rules to run. An empty enable list means every rule;
// otherwise exactly the listed ones. Rules in disable are removed. Unknown
// IDs or names are an error that suggests the closest match.
func Select(enable, disable []string) ([]*Rule, error) {
	pick := func(list []string) (map[*Rule]bool, error) {
		set := map[*Rule]bool{}
		for _, s := range list {
			s = strings.TrimSpace(s)
			if s == "" {
				continue
			}
			r := Lookup(s)
			if r == nil {
				return nil, fmt.Errorf("unknown rule %q%s", s, didYouMean(s))
			}
			set[r] = true
		}
		return set, nil
	}
	on, err := pick(enable)
	if err != nil {
		return nil, err
	}
	off, err := pick(disable)
	if err != nil {
		return nil, err
	}
	var out []*Rule
	for _, r := range All() {
		if (len(on) == 0 || on[r]) && !off[r] {
			out = append(out, r)
		}
	}
	return out, nil
}

func didYouMean(s string) string {
	best, bestDist := "", 4
	for _, r := range All() {
		for _, cand := range []string{r.ID, r.Name} {
			if d := levenshtein.Distance(strings.ToLower(s), strings.ToLower(cand), nil); d < bestDist {
				best, bestDist = cand, d
			}
		}
	}
	if best == "" {
		return "; run \"iamlint rules\" for the list"
	}
	return fmt.Sprintf("; did you mean %q?", best)
}
