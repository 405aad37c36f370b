package agree

import (
	"context"

	"github.com/tagdesk/tagdesk/annotate"
)

// Feed adds the store's export (as filter selects it) to the study,
// article by article. The export streams on its own goroutine while the
// study measures the articles before it: two cores. added, when not nil,
// is called after each article with the number added so far.
func (s *Study) Feed(ctx context.Context, st annotate.Store, filter annotate.ExportFilter, added func(n int)) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	groups := make(chan []*annotate.Record, 256)
	errc := make(chan error, 1)
	go func() {
		defer close(groups)
		var group []*annotate.Record
		send := func() error {
			if len(group) == 0 {
				return nil
			}
			select {
			case groups <- group:
			case <-ctx.Done():
				return ctx.Err()
			}
			group = nil
			return nil
		}
		err := st.Export(ctx, filter, func(rec *annotate.Record) error {
			if len(group) > 0 && group[0].Article.ID != rec.Article.ID {
				if err := send(); err != nil {
					return err
				}
			}
			rec.Article.Meta = nil
			group = append(group, rec)
			return nil
		})
		if err == nil {
			err = send()
		}
		errc <- err
	}()
	n := 0
	for g := range groups {
		s.Add(g)
		if n++; added != nil {
			added(n)
		}
	}
	return <-errc
}
