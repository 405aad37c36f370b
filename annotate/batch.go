package annotate

import (
	"context"
	"fmt"
	"path/filepath"
	"strings"
	"time"
)

// ImportBatch is one recorded import: the files of one import command, or
// of one File → Import…, each stored all or nothing. A batch holds the
// files whose transactions committed.
type ImportBatch struct {
	ID        int64
	Started   time.Time // the first file's transaction
	Finished  time.Time // the last file's commit
	User      string    // the operating-system user who ran it
	Annotator string    // the annotator given to the import; "" when the files' own
	Files     []string
	Counts    ImportCounts // what it stored, over its files
	Undone    time.Time    // when it was taken back; zero if it was not
}

// Dependent is one piece of later work that an import's undo would take
// away or overwrite: a span of the batch edited since, a relation added by
// hand between its spans, a span or status added to an article of the
// batch, a row it changed and that was changed again since.
type Dependent struct {
	ArticleID int64
	ExtID     string
	What      string // e.g. `span PERSON [0,6) of "alice" was edited since`
}

// DependsError is returned by UndoImport when later work depends on the
// batch and force is not set. Nothing was changed. It matches ErrConflict
// with errors.Is.
type DependsError struct {
	Batch int64
	Later []Dependent // the first few, at most MaxDependents
	Count int         // all of them
}

// MaxDependents is how many dependents a DependsError lists.
const MaxDependents = 10

func (e *DependsError) Error() string {
	var b strings.Builder
	fmt.Fprintf(&b, "import %d cannot be undone: %d later change(s) depend on it", e.Batch, e.Count)
	for _, d := range e.Later {
		fmt.Fprintf(&b, "\n  article %d (%s): %s", d.ArticleID, d.ExtID, d.What)
	}
	if e.Count > len(e.Later) {
		fmt.Fprintf(&b, "\n  … and %d more", e.Count-len(e.Later))
	}
	return b.String()
}

func (e *DependsError) Unwrap() error { return ErrConflict }

// UndoResult says what UndoImport took back.
type UndoResult struct {
	Articles  int // articles the batch added, removed (with everything on them)
	Spans     int // spans it added, removed
	Relations int // relations it added, removed
	Statuses  int // statuses it set where there was none, removed
	Restored  int // rows it changed, given back their values from before
	// Lost is the later work that --force took away with the batch;
	// none without force.
	Lost []Dependent
}

// ImportRecorder is a Store that records every import as a batch (when,
// by whom, from which files, what it added and the values from before of
// what it changed) and can take a batch back. The SQLite store implements
// it; a store that does not cannot undo imports.
type ImportRecorder interface {
	// BeginImportBatch is BeginImport for one file of batch b. When b.ID
	// is 0 the commit records a new batch (Started, User and ID are set
	// then, User from the operating system when empty); otherwise the
	// file joins batch b.ID. At the commit, file is added to b.Files and
	// the file's counts to b.Counts. A rolled-back file leaves b as it was.
	BeginImportBatch(ctx context.Context, b *ImportBatch, file string) (ImportTx, error)
	// ImportBatches returns every recorded batch, oldest first.
	ImportBatches(ctx context.Context) ([]ImportBatch, error)
	// UndoImport takes back batch id in one transaction: what it added
	// is deleted, what it changed gets its values from before. ErrNotFound
	// for an unknown batch; ErrConflict when it was undone already; a
	// *DependsError when later work depends on it, unless force, which
	// takes that work away too (listed in UndoResult.Lost).
	UndoImport(ctx context.Context, id int64, force bool) (UndoResult, error)
}

// Summary says in one line what an undo took back.
func (r UndoResult) Summary() string {
	return fmt.Sprintf("removed %d article(s), %d span(s), %d relation(s), %d status(es); restored %d changed row(s)",
		r.Articles, r.Spans, r.Relations, r.Statuses, r.Restored)
}

// Line says in one line what the import was: its id first, when, by
// whom, what it stored and from which files (their names); an undone one
// says so.
func (b ImportBatch) Line() string {
	return b.Heading() + "  " + b.Tally() + "  from " + b.FileNames()
}

// Heading says which import b is: its id, when and by whom.
func (b ImportBatch) Heading() string {
	who := b.User
	if who == "" {
		who = "(unknown)"
	}
	h := fmt.Sprintf("%d  %s  by %s", b.ID, b.Started.Local().Format(time.DateTime), who)
	if b.Annotator != "" {
		h += " as " + b.Annotator
	}
	return h
}

// Tally says what b stored.
func (b ImportBatch) Tally() string {
	c := b.Counts
	return fmt.Sprintf("%d new article(s), %d merged (%d updated), %d new span(s), %d updated, %d new relation(s)",
		c.NewArticles, c.MergedArticles, c.UpdatedArticles, c.NewSpans, c.UpdatedSpans, c.NewRelations)
}

// FileNames names b's files, the first three, and says when b was undone.
func (b ImportBatch) FileNames() string {
	var s strings.Builder
	if len(b.Files) == 0 {
		s.WriteString("(no file: records given by a program)")
	}
	for i, f := range b.Files {
		if i == 3 {
			fmt.Fprintf(&s, ", and %d more", len(b.Files)-3)
			break
		}
		if i > 0 {
			s.WriteString(", ")
		}
		s.WriteString(filepath.Base(f))
	}
	if !b.Undone.IsZero() {
		fmt.Fprintf(&s, "  (undone %s)", b.Undone.Local().Format(time.DateTime))
	}
	return s.String()
}
