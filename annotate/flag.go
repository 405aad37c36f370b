package annotate

import "context"

// Flag is an annotator's mark on an article for the curator, with a
// comment that says why ("unclear: is XPCC an ORG or a JURISDICTION?").
// The zero Flag is no flag.
type Flag struct {
	Flagged bool
	Comment string
}

// IsZero reports whether f is no flag and no comment.
func (f Flag) IsZero() bool { return !f.Flagged && f.Comment == "" }

// FlagStore is the optional part of a Store that keeps flags, one per
// (article, annotator). A store that has it also:
//   - exports each record's annotator's flag in Record.Flag;
//   - imports a Record's Flag when the record carries one (Flagged or a
//     comment): Flagged sets the flag, a comment replaces the stored one;
//     a record without one keeps what is stored, as for every other field;
//   - reports ArticleSummary.Flagged and honours ArticleFilter.Flagged.
type FlagStore interface {
	// Flag returns the annotator's flag on an article, the zero Flag if
	// there is none; ErrNotFound if the article is absent.
	Flag(ctx context.Context, articleID int64, annotator string) (Flag, error)
	// SetFlag replaces the annotator's flag on an article (the zero Flag
	// removes it); ErrNotFound if the article is absent.
	SetFlag(ctx context.Context, articleID int64, annotator string, f Flag) error
}
