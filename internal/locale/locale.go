// Package locale settles the process's language before Fyne reads it.
//
// Fyne looks up the user's locale while its packages initialise, and
// Debian's default locale, C.UTF-8, is not a language tag: every tagdesk
// command would start with "Fyne error: Error parsing user locale C" on
// stderr. For the C and POSIX locales this package sets LANGUAGE=en (what
// those locales mean for messages) when LANGUAGE is unset. Go initialises
// this package, which imports only os and strings, before Fyne's lang
// package: among packages whose imports are ready the one first by import
// path goes first, and lang waits on golang.org/x/text, which sorts after
// github.com/tagdesk.
package locale

import (
	"os"
	"strings"
)

func init() {
	if os.Getenv("LANGUAGE") != "" {
		return
	}
	for _, name := range []string{"LC_ALL", "LC_MESSAGES", "LANG"} {
		v := os.Getenv(name)
		if v == "" {
			continue
		}
		base, _, _ := strings.Cut(v, ".")
		if base == "C" || base == "POSIX" {
			os.Setenv("LANGUAGE", "en")
		}
		return
	}
}
