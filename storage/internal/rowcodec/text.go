package rowcodec

import (
	"fmt"
	"unicode/utf8"
)

// TextDiff describes where two texts first differ, in code points.
func TextDiff(stored, got string) string {
	i := 0
	for i < len(stored) && i < len(got) && stored[i] == got[i] {
		i++
	}
	for i > 0 && i < len(stored) && !utf8.RuneStart(stored[i]) {
		i--
	}
	cp := utf8.RuneCountInString(stored[:i])
	return fmt.Sprintf("stored %d code points, imported %d; they first differ at code point %d",
		utf8.RuneCountInString(stored), utf8.RuneCountInString(got), cp)
}

// AnnotatorName names an annotator in a message.
func AnnotatorName(a string) string {
	if a == "" {
		return "the anonymous annotator"
	}
	return fmt.Sprintf("annotator %q", a)
}

// SpanCount says "1 stored span" or "N stored spans".
func SpanCount(n int) string {
	if n == 1 {
		return "1 stored span"
	}
	return fmt.Sprintf("%d stored spans", n)
}
