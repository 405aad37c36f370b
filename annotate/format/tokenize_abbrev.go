package format

import (
	"unicode"
	"unicode/utf8"
)

// Abbreviations after which UAX #29 would end a sentence ("Mr. Smith":
// a full stop, a space, a capital) but a reader does not.
var (
	// titles before a name: never the end of a sentence.
	abbrevTitles = map[string]bool{
		"Mr": true, "Mrs": true, "Ms": true, "Mx": true, "Messrs": true, "Mme": true, "Mlle": true,
		"Dr": true, "Prof": true, "Sr": true, "Jr": true, "St": true, "Ste": true, "Mt": true, "Ft": true,
		"Gen": true, "Col": true, "Lt": true, "Maj": true, "Capt": true, "Cpt": true, "Sgt": true, "Cpl": true,
		"Adm": true, "Cmdr": true, "Gov": true, "Sen": true, "Rep": true, "Rev": true, "Hon": true,
		"Pres": true, "Amb": true, "Supt": true, "Insp": true, "vs": true,
	}
	// abbreviations before a number ("No. 5", "Jan. 5", "Art. 3"): the end
	// of a sentence unless a digit follows.
	abbrevNumbered = map[string]bool{
		"No": true, "Nos": true, "Nr": true, "Art": true, "Arts": true, "Vol": true, "Fig": true,
		"Sec": true, "Para": true, "p": true, "pp": true, "para": true, "art": true, "no": true,
		"Jan": true, "Feb": true, "Mar": true, "Apr": true, "Jun": true, "Jul": true, "Aug": true,
		"Sep": true, "Sept": true, "Oct": true, "Nov": true, "Dec": true,
	}
)

// abbrevBefore reports whether a sentence boundary that UAX #29 puts at
// byte b of text follows an abbreviation and is not one: text[:b] ends
// in "WORD." and spaces or tabs (no line break), where WORD is
//
//   - an initial or a run of them: capital letters each followed by a
//     full stop ("P.", "J. R." one at a time, "U.S.", "U.K.");
//   - a title (Mr., Mrs., Dr., Prof., Gen., Sen., St., …);
//   - "No.", "Art.", "Vol.", a month (Jan., Sept., …) followed by a digit.
//
// One space may come before the full stop ("Mr . Smith"): that is how the
// CoNLL import rebuilds the text, so a re-export splits it as the first.
//
// Company suffixes (Ltd., Inc., Co.) and lower-case abbreviations (e.g.,
// etc.) often end a sentence and are left to UAX #29. A span over an
// abbreviation is never split whatever this says (ConllEncoder).
func abbrevBefore(text string, b int) bool {
	if b >= len(text) {
		return false
	}
	i := b
	for i > 0 && (text[i-1] == ' ' || text[i-1] == '\t') {
		i--
	}
	if i == b || i == 0 || text[i-1] != '.' {
		return false
	}
	end := i - 1 // the full stop
	if end > 1 && text[end-1] == ' ' && isASCIILetter(text[end-2]) {
		end-- // "Mr . Smith", as the CoNLL import rebuilds "Mr. Smith"
	}
	j := end
	for j > 0 && (isASCIILetter(text[j-1]) || text[j-1] == '.') {
		j--
	}
	if j > 0 { // WORD must not continue with a digit or a letter outside ASCII
		r, _ := utf8.DecodeLastRuneInString(text[:j])
		if r == '_' || unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.IsMark(r) {
			return false
		}
	}
	word := text[j:end]
	switch {
	case word == "":
		return false
	case initials(word), abbrevTitles[word]:
		return true
	case abbrevNumbered[word]:
		return text[b] >= '0' && text[b] <= '9'
	}
	return false
}

// initials reports whether w is "X" or "X.Y…": capital ASCII letters
// each followed by a full stop but the last.
func initials(w string) bool {
	for k := 0; k < len(w); k += 2 {
		if w[k] < 'A' || w[k] > 'Z' || k+1 < len(w) && w[k+1] != '.' {
			return false
		}
	}
	return len(w)%2 == 1
}

func isASCIILetter(c byte) bool { return c|0x20 >= 'a' && c|0x20 <= 'z' }
