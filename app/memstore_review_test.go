package app

import (
	"context"
	"fmt"
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// The memStore keeps a curator's review decisions (annotate.ReviewStore)
// as the SQLite store does.

var _ annotate.ReviewStore = (*memStore)(nil)

func (m *memStore) ReviewDecisions(ctx context.Context, articleID int64, curator string) ([]string, error) {
	m.mu.Lock()
	defer m.mu.Unlock()
	return slices.Clone(m.decided[fmt.Sprint(articleID, "\x00", curator)]), nil
}

func (m *memStore) SetReviewDecision(ctx context.Context, articleID int64, curator, key string, decided bool) error {
	m.mu.Lock()
	defer m.mu.Unlock()
	if err := m.changing(); err != nil {
		return err
	}
	if !slices.ContainsFunc(m.articles, func(a annotate.Article) bool { return a.ID == articleID }) {
		return fmt.Errorf("article %d: %w", articleID, annotate.ErrNotFound)
	}
	if m.decided == nil {
		m.decided = map[string][]string{}
	}
	k := fmt.Sprint(articleID, "\x00", curator)
	keys := slices.DeleteFunc(m.decided[k], func(s string) bool { return s == key })
	if decided {
		keys = append(keys, key)
		slices.Sort(keys)
	}
	m.decided[k] = keys
	return nil
}
