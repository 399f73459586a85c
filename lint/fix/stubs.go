package fix

import "github.com/iamlint/iamlint/rules"

func (w *workspace) fixCI(f rules.Finding) (Fix, string)         { return Fix{}, "todo" }
func (w *workspace) fixExternalID(f rules.Finding) (Fix, string) { return Fix{}, "todo" }
