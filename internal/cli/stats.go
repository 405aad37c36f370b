package cli

import (
	"context"
	"fmt"
	"io"
	"sort"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
)

// cmdStats counts articles, spans by label, statuses and relations by
// type: `tagdesk stats`.
func cmdStats(args []string, stdout io.Writer) error {
	f := newFlags("stats")
	if err := f.parseNone(args); err != nil {
		return err
	}
	db, err := openExistingDB(f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	st, err := db.Stats(context.Background())
	if err != nil {
		return err
	}
	if err := writeStats(stdout, st); err != nil {
		return err
	}
	if ss, ok := db.(annotate.SuggestionStore); ok {
		sst, err := ss.SuggestionStats(context.Background())
		if err != nil {
			return err
		}
		return writeSuggestionStats(stdout, sst)
	}
	return nil
}

func writeStats(w io.Writer, st *annotate.Stats) error {
	var b strings.Builder
	fmt.Fprintf(&b, "articles  %d\nspans     %d\n\nstatus (per article and annotator)\n", st.Articles, st.Spans)
	for _, s := range annotate.Statuses {
		fmt.Fprintf(&b, "  %-12s %d\n", s, st.ArticlesByStatus[s])
	}
	b.WriteString("\nspans by label\n")
	for _, l := range sortedKeys(st.SpansByLabel) {
		fmt.Fprintf(&b, "  %-12s %d\n", l, st.SpansByLabel[l])
	}
	if st.Relations > 0 {
		fmt.Fprintf(&b, "\nrelations by type (%d)\n", st.Relations)
		for _, l := range sortedKeys(st.RelationsByType) {
			fmt.Fprintf(&b, "  %-16s %d\n", l, st.RelationsByType[l])
		}
	}
	if len(st.Queues) > 0 {
		b.WriteString("\nqueues (tagdesk assign): open / assigned\n")
		for _, q := range st.Queues {
			fmt.Fprintf(&b, "  %-12s %d / %d\n", q.Annotator, q.Open, q.Assigned)
		}
	}
	if len(st.Annotators) > 0 {
		fmt.Fprintf(&b, "\nannotators: %s\n", strings.Join(st.Annotators, ", "))
	}
	_, err := io.WriteString(w, b.String())
	return err
}

func sortedKeys[V any](m map[string]V) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}
