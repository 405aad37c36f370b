package app

import (
	"strings"
	"unicode"

	"github.com/tagdesk/tagdesk/annotate"
)

// chordLead is the first key of a two-key chord: the labels without a hot
// key of their own (the tenth and later, usually) are on 0 then a letter
// or digit. A bare letter is left for the window's own commands (R for
// relations, N/B/X for review), and 0 is the key next to 1-9.
const chordLead = '0'

// paletteKey opens the label palette (palette.go), as / opens a search in
// many programs.
const paletteKey = '/'

// chordSeconds are the second keys of the chords, in the order they are
// handed out to labels whose name gives no free letter.
const chordSeconds = "abcdefghijklmnopqrstuvwxyz1234567890"

// labelKeys returns every label's key as the buttons show it: the
// schema's hot key ("1".."9") or a chord "0x". A label without a hot key
// gets the first letter of its name that no earlier label has taken (so
// VEHICLE is 0v when it can be), else the first free second key; past 45
// keyless labels the rest have none (the palette reaches them).
func labelKeys(s *annotate.Schema) map[string]string {
	keys := map[string]string{}
	taken := map[rune]bool{}
	for _, l := range s.Labels {
		if l.Key != "" {
			keys[l.Name] = l.Key
			continue
		}
		second := rune(0)
		for _, r := range strings.ToLower(l.Name) + chordSeconds {
			if strings.ContainsRune(chordSeconds, r) && !taken[r] {
				second = r
				break
			}
		}
		if second == 0 {
			continue
		}
		taken[second] = true
		keys[l.Name] = string([]rune{chordLead, second})
	}
	return keys
}

// typedRune handles a character typed in the text (or with nothing
// focused): the hot keys 1-9, a chord 0 then a key, and / for the
// palette. Nothing is done while the palette is open: its keys are its
// own.
func (u *UI) typedRune(r rune) {
	if u.palette.visible() || u.covered() {
		return
	}
	if u.chord {
		u.chord = false
		u.bar.hint("")
		name := ""
		for n, k := range u.keys {
			if k == string([]rune{chordLead, unicode.ToLower(r)}) {
				name = n
			}
		}
		if name == "" {
			u.bar.hint("No label on 0 " + string(r) + ".")
			return
		}
		u.applyLabel(name)
		return
	}
	if u.relationRune(r) || u.rv.reviewKey(r) || u.suggestRune(r) {
		return
	}
	switch {
	case r >= '1' && r <= '9':
		u.labelKey(string(r))
	case r == chordLead:
		u.chord = true
		u.bar.hint("0 … now the label's key (shown on its button); Esc cancels.")
	case r == paletteKey:
		u.palette.show()
	}
}

// cancelChord drops a chord begun with 0 (on Esc: a letter's own key
// event comes before its character); it reports whether there was one.
func (u *UI) cancelChord() bool {
	if !u.chord {
		return false
	}
	u.chord = false
	u.bar.hint("")
	return true
}
