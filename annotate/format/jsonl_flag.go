package format

import (
	"fmt"

	"github.com/go-json-experiment/json/jsontext"

	"github.com/tagdesk/tagdesk/annotate"
)

// The annotator's flag for the curator travels in the native JSONL's meta
// as "flag" (true or false) and "comment", after "published", in the
// records whose annotator flagged the article or commented on it:
//
//	"meta":{"title":"…","source":"…","url":"…","published":"","flag":true,"comment":"unclear: is XPCC an ORG or a JURISDICTION?"}
//
// A meta whose "flag" is not true or false (another tool's) keeps both
// keys as meta; so does a meta with a "comment" and no "flag".

// takeFlag moves the flag and its comment out of a record's meta keys
// into rec.Flag.
func takeFlag(rec *annotate.Record, extra map[string]jsontext.Value) error {
	f, ok := extra["flag"]
	if !ok || (f.Kind() != 't' && f.Kind() != 'f') {
		return nil
	}
	rec.Flag.Flagged = f.Kind() == 't'
	delete(extra, "flag")
	if c, ok := extra["comment"]; ok {
		if c.Kind() != '"' || unmarshal(c, &rec.Flag.Comment) != nil {
			return fmt.Errorf("%w: meta.comment (the flag's comment) must be a string, not %s", annotate.ErrInvalid, c.Kind())
		}
		delete(extra, "comment")
	}
	return nil
}

// appendFlag writes rec's flag as members of the open meta object, and
// reports whether it did (then the article's own meta keys "flag" and
// "comment", if any, give way to it).
func appendFlag(b []byte, rec *annotate.Record) ([]byte, bool) {
	if rec.Flag.IsZero() {
		return b, false
	}
	b = append(b, `,"flag":`...)
	if rec.Flag.Flagged {
		b = append(b, "true"...)
	} else {
		b = append(b, "false"...)
	}
	b = append(b, `,"comment":`...)
	b = annotate.AppendJSONString(b, rec.Flag.Comment)
	return b, true
}
