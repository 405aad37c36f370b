package storage_test

import (
	"errors"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// The window's Article refuses an article whose row, or one of whose
// spans' rows, was changed behind storage's back, naming it, as export
// does; an intact article reads as before.
func TestArticleChecksum(t *testing.T) {
	for _, tt := range []struct {
		name, sql, want string
	}{
		{"Text", `UPDATE articles SET text = replace(text, 'Canada', 'Cxnada') WHERE id = 1`, "its text or metadata does not match the checksum"},
		{"Span", `UPDATE spans SET note = 'garbled' WHERE id = 2`, "span [8,10) of annotator \"alice\" does not match the checksum"},
	} {
		t.Run(tt.name, func(t *testing.T) {
			db := mustOpenDB(t)
			if err := importRecords(t, db, sampleRecord()); err != nil {
				t.Fatal(err)
			}
			if _, err := db.Article(ctx, 1); err != nil {
				t.Fatalf("intact article: %v", err)
			}
			rawExec(t, db.Path(), tt.sql)
			_, err := db.Article(ctx, 1)
			if !errors.Is(err, annotate.ErrDamaged) || !strings.Contains(err.Error(), "article 1 (hard-1)") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want ErrDamaged saying %q", err, tt.want)
			}
		})
	}
}
