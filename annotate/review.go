package annotate

import "context"

// ReviewStore is the optional part of a Store that keeps a curator's
// review decisions: which disagreements of an article among the
// annotators reviewed the curator has decided. A decision is told by a
// key the review makes of the disagreement (its extent, or a relation's
// spans); the store keeps the keys as given. A decision that leaves no
// trace in the curator's spans or relations (taking none of the
// versions) stays decided only through it. Deleting the article deletes
// its decisions.
type ReviewStore interface {
	// ReviewDecisions returns the keys of the curator's decisions on an
	// article, sorted; none, and no error, for an absent article.
	ReviewDecisions(ctx context.Context, articleID int64, curator string) ([]string, error)
	// SetReviewDecision keeps (decided) or forgets the curator's decision
	// key on an article; ErrNotFound if the article is absent. Keeping a
	// kept one or forgetting an absent one is no error.
	SetReviewDecision(ctx context.Context, articleID int64, curator, key string, decided bool) error
}
