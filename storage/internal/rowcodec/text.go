package rowcodec

import (
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
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

// SpanConflict is the ErrConflict of a span that its annotator has already.
func SpanConflict(sp *annotate.Span) error {
	return fmt.Errorf("%w: %s already has a %s span at [%d,%d)", annotate.ErrConflict, AnnotatorName(sp.Annotator), sp.Label, sp.Start, sp.End)
}

// CheckRead returns ErrConflict if the stored span has changed since the
// caller read it at read (its Updated then); a zero read checks nothing.
func CheckRead(stored *annotate.Span, read time.Time) error {
	if read.IsZero() || stored.Updated.UnixMilli() == read.UnixMilli() {
		return nil
	}
	return fmt.Errorf("%w: span %d (%s [%d,%d) of %s) was changed by someone else at %s, after you read it; reload it and make your change again",
		annotate.ErrConflict, stored.ID, stored.Label, stored.Start, stored.End, AnnotatorName(stored.Annotator), stored.Updated.Local().Format("15:04:05.000"))
}
