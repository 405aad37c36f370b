package annotate

import "context"

// ArticleFilter selects articles for the article list.
type ArticleFilter struct {
	Query     string // matched against title and text; empty matches all
	Annotator string // whose status and spans are reported and filtered on
	// Status, when not empty, keeps the articles whose status for
	// Annotator is one of these (an article without one is StatusTodo).
	Status []Status
	// HasSpans keeps the articles where Annotator has at least one span.
	HasSpans bool
	// Assigned keeps the articles assigned to Annotator (Store.Assigned):
	// their queue.
	Assigned bool
	// Flagged keeps the articles Annotator has flagged (FlagStore).
	Flagged bool
	// HasSuggestions keeps the articles where suggestions may wait for
	// Annotator: more suggestions (and spans imported without an
	// annotator) than decisions of theirs. Only a SuggestionStore knows.
	HasSuggestions bool
	Offset         int
	Limit          int // 0 means no limit
}

// ArticleSummary is one row of the article list: no text, so a list of
// 20,000 articles stays cheap.
type ArticleSummary struct {
	ID     int64
	ExtID  string
	Title  string
	Status Status // for the filter's annotator
	Spans  int    // that annotator's spans
	// Flagged: that annotator has flagged the article (FlagStore).
	Flagged bool
}

// Progress counts an annotator's articles by status.
type Progress struct {
	Total    int
	ByStatus map[Status]int
}

// Done is the number of articles that are done or skipped.
func (p Progress) Done() int { return p.ByStatus[StatusDone] + p.ByStatus[StatusSkipped] }

// ExportFilter selects what an export writes.
type ExportFilter struct {
	Status    []Status // empty: every status
	Annotator string   // empty: every annotator
	Labels    []string // empty: every label
	// SkipDamaged, when set, is called for each article that does not
	// match the checksum stored with it (or has a span that does not),
	// and the article's records are left out. When it is nil, such an
	// article stops the export with an error that wraps ErrDamaged.
	SkipDamaged func(articleID int64, extID, why string)
}

// Stats counts what a database holds.
type Stats struct {
	Articles         int
	Spans            int
	ArticlesByStatus map[Status]int // over (article, annotator) pairs; untouched articles count as todo
	SpansByLabel     map[string]int
	Relations        int            // in a store that keeps them (RelationStore)
	RelationsByType  map[string]int // by relation type
	Annotators       []string
	Queues           []Queue // per annotator with assigned articles, by name
}

// Queue is an annotator's share of the assigned articles.
type Queue struct {
	Annotator string
	Assigned  int // articles assigned to them
	Open      int // of those, the ones not done or skipped
}

// ImportTx receives records of one import. Nothing it receives is visible
// to others until Commit; Rollback (or an error from Put) leaves the store
// exactly as it was.
type ImportTx interface {
	// Put stores one record. The article is matched by ExtID: a new one is
	// inserted; an existing one must have the same text (ErrConflict
	// otherwise) and gets the record's metadata. Spans are merged by
	// (start, end, label, annotator): a span already there gets the
	// record's attributes, note and canonical value; others are added.
	// Nothing is deleted, so importing the same file twice changes nothing.
	// A record with a Status sets that annotator's status.
	//
	// A field the record does not carry keeps its stored value: an empty
	// title, source, url or published, a title that is only the text's
	// first line (TitleOf), a meta key the record lacks; likewise a span's
	// empty note or canonical value and attributes it lacks. A field it
	// carries with another value replaces the stored one.
	//
	// A store that keeps relations (RelationStore) stores the record's
	// Relations too, merged by (head, tail, label, annotator): one stored
	// already gets the record's note unless that is empty.
	Put(ctx context.Context, rec *Record) error
	// Counts returns what the Puts so far stored, as opposed to what they
	// were given.
	Counts() ImportCounts
	Commit() error
	Rollback() error
}

// ImportCounts says what an import stored.
type ImportCounts struct {
	Records          int            // records put
	NewArticles      int            // articles that were not stored before
	MergedArticles   int            // records whose article was stored already, or came earlier in the import
	UpdatedArticles  int            // merged articles whose metadata changed
	UpdatedFields    map[string]int // in how many articles each field changed: "meta.title", "meta.source", "meta.KEY"
	NewSpans         int            // spans added
	UpdatedSpans     int            // spans stored already whose attributes, note or canonical value changed
	KeptSpans        int            // spans stored already, unchanged
	NewRelations     int            // relations added
	UpdatedRelations int            // relations stored already whose note changed
	KeptRelations    int            // relations stored already, unchanged
}

// Since returns what c counts beyond before, counts of the same import
// taken earlier.
func (c ImportCounts) Since(before ImportCounts) ImportCounts {
	d := ImportCounts{
		Records: c.Records - before.Records, NewArticles: c.NewArticles - before.NewArticles,
		MergedArticles: c.MergedArticles - before.MergedArticles, UpdatedArticles: c.UpdatedArticles - before.UpdatedArticles,
		NewSpans: c.NewSpans - before.NewSpans, UpdatedSpans: c.UpdatedSpans - before.UpdatedSpans, KeptSpans: c.KeptSpans - before.KeptSpans,
		NewRelations: c.NewRelations - before.NewRelations, UpdatedRelations: c.UpdatedRelations - before.UpdatedRelations,
		KeptRelations: c.KeptRelations - before.KeptRelations,
	}
	for k, n := range c.UpdatedFields {
		if n -= before.UpdatedFields[k]; n != 0 {
			if d.UpdatedFields == nil {
				d.UpdatedFields = map[string]int{}
			}
			d.UpdatedFields[k] = n
		}
	}
	return d
}

// Add adds o's counts to c.
func (c *ImportCounts) Add(o ImportCounts) {
	c.Records += o.Records
	c.NewArticles += o.NewArticles
	c.MergedArticles += o.MergedArticles
	c.UpdatedArticles += o.UpdatedArticles
	c.NewSpans += o.NewSpans
	c.UpdatedSpans += o.UpdatedSpans
	c.KeptSpans += o.KeptSpans
	c.NewRelations += o.NewRelations
	c.UpdatedRelations += o.UpdatedRelations
	c.KeptRelations += o.KeptRelations
	for k, n := range o.UpdatedFields {
		if c.UpdatedFields == nil {
			c.UpdatedFields = map[string]int{}
		}
		c.UpdatedFields[k] += n
	}
}

// PrevalidatingTx is an ImportTx that can store a record the caller has
// already validated without validating it a second time. ImportFile
// validates each record on its reading goroutine, in parallel with the
// store, and then hands it to PutValidated.
type PrevalidatingTx interface {
	ImportTx
	// PutValidated is Put for a record that rec.Validate(s) accepted. When
	// s equals the schema that Put validates against, the record is stored
	// without a second check; otherwise it is validated as Put does.
	PutValidated(ctx context.Context, rec *Record, s *Schema) error
}

// Store keeps articles, spans, statuses and the schema. Every method that
// changes something commits it before it returns.
type Store interface {
	// Schema returns the label schema in force.
	Schema(ctx context.Context) (*Schema, error)
	// SetSchema replaces the schema. It returns ErrConflict if stored spans
	// use a label the new schema lacks.
	SetSchema(ctx context.Context, s *Schema) error

	// BeginImport starts an all-or-nothing import.
	BeginImport(ctx context.Context) (ImportTx, error)
	// Export calls fn for each record that f selects, in article order,
	// spans sorted by (start, end, label), streaming from one consistent
	// read. An untouched article is one record with annotator "" and status
	// todo; an article that several annotators worked on is one record per
	// annotator.
	Export(ctx context.Context, f ExportFilter, fn func(*Record) error) error
	// Stats counts what the store holds.
	Stats(ctx context.Context) (*Stats, error)

	// ListArticles returns a page of article summaries in article order.
	ListArticles(ctx context.Context, f ArticleFilter) ([]ArticleSummary, error)
	// CountArticles returns how many articles f matches (ignoring Offset and Limit).
	CountArticles(ctx context.Context, f ArticleFilter) (int, error)
	// Progress counts the annotator's articles by status.
	Progress(ctx context.Context, annotator string) (*Progress, error)
	// Article returns the article with its text; ErrNotFound if absent.
	Article(ctx context.Context, id int64) (*Article, error)
	// Spans returns the annotator's spans of an article sorted by (start, end, label).
	Spans(ctx context.Context, articleID int64, annotator string) ([]Span, error)
	// Status returns the annotator's status of an article (todo if unset).
	Status(ctx context.Context, articleID int64, annotator string) (Status, error)
	// SetStatus sets the annotator's status of an article.
	SetStatus(ctx context.Context, articleID int64, annotator string, st Status) error
	// Assigned returns the ids of the articles assigned to the annotator
	// (`tagdesk assign`), in article order, whatever their status; none,
	// and no error, when nothing is assigned to them.
	Assigned(ctx context.Context, annotator string) ([]int64, error)

	// AddSpan stores a new span and sets its ID and timestamps. The span's
	// annotator's status of the article moves from todo to in_progress in
	// the same transaction. ErrInvalid if the span does not fit the text or
	// schema; ErrNotFound if the article is absent; ErrConflict if the
	// annotator has the same span (start, end, label) already.
	AddSpan(ctx context.Context, sp *Span) error
	// AddSpans stores new spans all or nothing, in one transaction, and
	// sets their IDs and timestamps; each span's annotator's status of its
	// article moves from todo to in_progress in the same transaction. If
	// one span fails (ErrInvalid, ErrNotFound or ErrConflict as for
	// AddSpan, also for two equal spans in the slice), none is stored and the slice
	// is left as it was. No spans is no change.
	AddSpans(ctx context.Context, spans []Span) error
	// UpdateSpan stores a changed span (offsets, label, attrs, note,
	// canonical). ErrNotFound if it is absent.
	UpdateSpan(ctx context.Context, sp *Span) error
	// DeleteSpan removes a span. ErrNotFound if it is absent. A store that
	// keeps relations (RelationStore) deletes the span's relations in the
	// same transaction.
	DeleteSpan(ctx context.Context, id int64) error
	// DeleteSpans removes spans all or nothing, in one transaction.
	// ErrNotFound if one of them is absent (or listed twice); then none is
	// removed. No ids is no change.
	DeleteSpans(ctx context.Context, ids []int64) error
	// Generation returns a number that grows with every committed change,
	// by this process or another one, so a window can notice new imports.
	Generation(ctx context.Context) (int64, error)

	Close() error
}

// CheckedSpans is a Store that refuses lost updates: two people editing
// the same span (a curator and an annotator, or two windows) never
// overwrite each other silently. A span's Updated is its version: every
// change stores a later Updated than the one before (at least a
// millisecond later), so a span read before a change never has the
// Updated of one read after it.
type CheckedSpans interface {
	// UpdateSpanChecked is UpdateSpan for sp as the caller read it: sp.Updated
	// is the Updated it read. If the stored span has changed since (its
	// Updated differs), it returns ErrConflict, saying so, and stores
	// nothing; the caller reloads the span. On success sp.Updated is the
	// new version. ErrInvalid for a zero Updated.
	UpdateSpanChecked(ctx context.Context, sp *Span) error
	// DeleteSpanChecked removes the span sp.ID as the caller read it: ErrConflict
	// as UpdateSpanChecked if it has changed since, ErrNotFound if it is gone.
	DeleteSpanChecked(ctx context.Context, sp Span) error
}

// Assigner is a Store that takes a plan of who labels which article
// (`tagdesk assign`); Store.Assigned reads it back. Both tagdesk stores
// implement it.
type Assigner interface {
	Store
	// ArticleIDs returns the ids of every article, in article order.
	ArticleIDs(ctx context.Context) ([]int64, error)
	// Assign replaces every assignment with plan (article id → its
	// annotators), all or nothing. ErrNotFound if an article is absent;
	// ErrInvalid for an empty annotator name.
	Assign(ctx context.Context, plan map[int64][]string) error
}
