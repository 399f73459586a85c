package rules

import (
	"fmt"
	"sort"
	"strconv"
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
		ciStaticAWSCredentials,
		ciOIDCTrustMismatch,
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
				if isIDShaped(s) {
					// Not a typo of the nearest ID: there is no such rule.
					return nil, fmt.Errorf("no rule %s; rule IDs are %s", s, idRanges())
				}
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

// isIDShaped reports whether s is written like a rule ID: IAM and digits.
func isIDShaped(s string) bool {
	if len(s) <= 3 || !strings.EqualFold(s[:3], "IAM") {
		return false
	}
	for _, c := range s[3:] {
		if c < '0' || c > '9' {
			return false
		}
	}
	return true
}

// idRanges lists the catalog's IDs as runs of consecutive numbers:
// "IAM101-IAM108, IAM201-IAM203, IAM401".
func idRanges() string {
	var runs []string
	all := All()
	for i := 0; i < len(all); {
		j := i
		for j+1 < len(all) && consecutive(all[j].ID, all[j+1].ID) {
			j++
		}
		if j == i {
			runs = append(runs, all[i].ID)
		} else {
			runs = append(runs, all[i].ID+"-"+all[j].ID)
		}
		i = j + 1
	}
	return strings.Join(runs, ", ")
}

// consecutive reports whether rule ID b follows a, within one hundred.
func consecutive(a, b string) bool {
	x, errA := strconv.Atoi(strings.TrimPrefix(a, "IAM"))
	y, errB := strconv.Atoi(strings.TrimPrefix(b, "IAM"))
	return errA == nil && errB == nil && y == x+1 && y/100 == x/100
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
