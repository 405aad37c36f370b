package app

import (
	"context"
	"errors"
	"maps"
	"strings"
	"time"

	"github.com/tagdesk/tagdesk/annotate"
)

// A review decision is one undoable step made of the History's own
// changes: mark the disagreement decided, set the curator's status to
// done when it was the last one, delete the curator's spans there, add
// the chosen ones. Each part commits before the next starts; if one
// fails, the parts before it are undone, so the step is all or nothing.

// compound runs its parts in order and undoes them in reverse.
type compound struct {
	what  string
	parts []change
}

func (c *compound) String() string { return c.what }

func (c *compound) do(ctx context.Context, h *History) error {
	for i, p := range c.parts {
		if err := p.do(ctx, h); err != nil {
			for j := i - 1; j >= 0; j-- {
				if uerr := c.parts[j].undo(ctx, h); uerr != nil {
					return errors.Join(err, uerr)
				}
			}
			return err
		}
	}
	return nil
}

func (c *compound) undo(ctx context.Context, h *History) error {
	for i := len(c.parts) - 1; i >= 0; i-- {
		if err := c.parts[i].undo(ctx, h); err != nil {
			for j := i + 1; j < len(c.parts); j++ {
				if rerr := c.parts[j].do(ctx, h); rerr != nil {
					return errors.Join(err, rerr)
				}
			}
			return err
		}
	}
	return nil
}

// reviewSink hears that a disagreement of an article (told by its
// decision key) was marked decided or no longer.
type reviewSink interface {
	ReviewMarked(articleID int64, key string, decided bool)
}

// markDecided marks a disagreement decided, in the store too when it
// keeps decisions (annotate.ReviewStore); its undo takes the mark back.
type markDecided struct {
	article int64
	curator string
	key     string
}

func (c *markDecided) String() string { return "decide" }

func (c *markDecided) do(ctx context.Context, h *History) error { return c.set(ctx, h, true) }

func (c *markDecided) undo(ctx context.Context, h *History) error { return c.set(ctx, h, false) }

func (c *markDecided) set(ctx context.Context, h *History, decided bool) error {
	if rs, ok := h.store.(annotate.ReviewStore); ok {
		if err := rs.SetReviewDecision(ctx, c.article, c.curator, c.key, decided); err != nil {
			return err
		}
	}
	if s, ok := h.sink.(reviewSink); ok {
		s.ReviewMarked(c.article, c.key, decided)
	}
	return nil
}

// ReviewMarked keeps the mark for the UI goroutine (save.go's eventLog).
func (l *eventLog) ReviewMarked(articleID int64, key string, decided bool) {
	l.add(func(s Sink) {
		if r, ok := s.(reviewSink); ok {
			r.ReviewMarked(articleID, key, decided)
		}
	})
}

// Decide applies a review decision as one step: the curator's spans
// remove (with their current IDs) are deleted, add are stored, the
// disagreement of decision key key is marked decided and, with finish, the curator's
// status of the article becomes done.
func (h *History) Decide(ctx context.Context, what string, articleID int64, curator string, key string,
	remove, add []annotate.Span, finish bool) error {
	c := &compound{what: what, parts: []change{&markDecided{article: articleID, curator: curator, key: key}}}
	if finish {
		c.parts = append(c.parts, &setStatus{article: articleID, annotator: curator, after: annotate.StatusDone})
	}
	for _, sp := range remove {
		sp.ID = h.Original(sp.ID)
		c.parts = append(c.parts, &deleteSpan{span: sp})
	}
	if len(add) > 0 {
		c.parts = append(c.parts, newSpansOf(add, articleID, curator))
	}
	return h.apply(ctx, c)
}

// newSpansOf is the change that adds copies of spans as the curator's.
func newSpansOf(spans []annotate.Span, articleID int64, curator string) *addSpans {
	out := make([]annotate.Span, len(spans))
	for i, sp := range spans {
		sp.ID, sp.ArticleID, sp.Annotator, sp.Text = 0, articleID, curator, ""
		sp.Attrs = maps.Clone(sp.Attrs)
		sp.Created, sp.Updated = time.Time{}, time.Time{}
		out[i] = sp
	}
	return &addSpans{spans: out}
}

// versionName says whose version a choice takes, for the status bar and
// the undo message.
func versionName(annotators []string, choice int) string {
	switch {
	case choice == choiceBoth:
		return "all versions (" + strings.Join(annotators, ", ") + ")"
	case choice == choiceNone:
		return "none"
	case choice >= 0 && choice < len(annotators):
		return annotators[choice] + "'s version"
	}
	return "?"
}
