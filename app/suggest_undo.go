package app

import (
	"context"
	"fmt"

	"github.com/tagdesk/tagdesk/annotate"
)

// suggestionSink hears of suggestions decided (or undecided by an undo),
// so that the window stops (or starts again) showing them.
type suggestionSink interface {
	SuggestionsDecided(sugs []annotate.Suggestion, decided bool)
}

// SuggestionsDecided tells the window, on its goroutine, of decided
// suggestions.
func (l *eventLog) SuggestionsDecided(sugs []annotate.Suggestion, decided bool) {
	l.add(func(s Sink) {
		if t, ok := s.(suggestionSink); ok {
			t.SuggestionsDecided(sugs, decided)
		}
	})
}

// DecideSuggestions stores annotator's decision d on sugs as one step;
// spans (may be none) are added in the same step, as the annotator's
// answer: the suggestions accepted, or accepted under another label.
// Its undo removes the spans and forgets the decisions.
func (h *History) DecideSuggestions(ctx context.Context, ss annotate.SuggestionStore, annotator string, d annotate.Decision,
	sugs []annotate.Suggestion, spans []annotate.Span) error {
	c := &decideSuggestions{ss: ss, annotator: annotator, d: d, sugs: append([]annotate.Suggestion(nil), sugs...)}
	if len(spans) > 0 {
		c.add = &addSpans{spans: append([]annotate.Span(nil), spans...)}
	}
	return h.apply(ctx, c)
}

// decideSuggestions is an annotator's decision on suggestions, with the
// spans it added.
type decideSuggestions struct {
	ss        annotate.SuggestionStore
	annotator string
	d         annotate.Decision
	sugs      []annotate.Suggestion
	add       *addSpans // nil: no span added
}

func (c *decideSuggestions) String() string {
	verb := "accept"
	if c.d == annotate.Rejected {
		verb = "reject"
	}
	if len(c.sugs) == 1 {
		return verb + " a suggestion"
	}
	return fmt.Sprintf("%s %d suggestions", verb, len(c.sugs))
}

func (c *decideSuggestions) do(ctx context.Context, h *History) error {
	if c.add != nil {
		if err := c.add.do(ctx, h); err != nil {
			return err
		}
	}
	if _, err := c.ss.Decide(ctx, c.annotator, c.d, c.sugs); err != nil {
		if c.add != nil {
			c.add.undo(ctx, h) // the span goes with its decision
		}
		return err
	}
	c.tell(h, true)
	return nil
}

func (c *decideSuggestions) undo(ctx context.Context, h *History) error {
	keys := make([]annotate.SuggestionKey, len(c.sugs))
	for i, s := range c.sugs {
		keys[i] = s.Key()
	}
	if err := c.ss.Undecide(ctx, c.annotator, keys); err != nil {
		return err
	}
	if c.add != nil {
		if err := c.add.undo(ctx, h); err != nil {
			return err
		}
	}
	c.tell(h, false)
	return nil
}

func (c *decideSuggestions) tell(h *History, decided bool) {
	if s, ok := h.sink.(suggestionSink); ok {
		s.SuggestionsDecided(c.sugs, decided)
	}
}
