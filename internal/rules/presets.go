package rules

import "sort"

// Preset is a named set of rules that one line of configuration turns
// on (`preset: strict` in .migguard.yaml).
type Preset struct {
	Name string
	// Doc says what the preset turns on and for whom, in one sentence.
	Doc string
	// On returns the ids of the rules the preset turns on, at their
	// default severity; the configuration's rules: entries still win.
	On func() []string
}

// Presets are the presets configuration accepts.
var Presets = []Preset{{
	Name: "strict",
	Doc:  "turns on every hygiene rule that is off by default, so that a team used to squawk's defaults keeps what it was used to",
	On: func() []string {
		var ids []string
		for _, r := range SQL() {
			if r.Optional {
				ids = append(ids, r.ID)
			}
		}
		sort.Strings(ids)
		return ids
	},
}}

// LookupPreset returns the preset called name, or nil.
func LookupPreset(name string) *Preset {
	for i := range Presets {
		if Presets[i].Name == name {
			return &Presets[i]
		}
	}
	return nil
}
