package rowcodec

import (
	"slices"

	"github.com/tagdesk/tagdesk/annotate"
)

// StatusRow is one row of article_status.
type StatusRow struct {
	ArticleID int64
	Annotator string
	Status    string
	Flag      annotate.Flag
}

// CheckFilter refuses an export filter with an unknown status.
func CheckFilter(f annotate.ExportFilter) error {
	for _, st := range f.Status {
		if _, err := annotate.ParseStatus(string(st)); err != nil {
			return err
		}
	}
	return nil
}

// Emitter turns an export's rows, one article at a time, into the records
// annotate.Store.Export promises.
type Emitter struct {
	f          annotate.ExportFilter
	fn         func(*annotate.Record) error
	wantStatus func(annotate.Status) bool
	wantLabel  func(string) bool
}

// NewEmitter returns an Emitter that hands fn the records f selects.
func NewEmitter(f annotate.ExportFilter, fn func(*annotate.Record) error) *Emitter {
	e := &Emitter{f: f, fn: fn, wantLabel: func(string) bool { return true }, wantStatus: func(annotate.Status) bool { return true }}
	if len(f.Labels) > 0 {
		e.wantLabel = func(l string) bool { return slices.Contains(f.Labels, l) }
	}
	if len(f.Status) > 0 {
		e.wantStatus = func(s annotate.Status) bool { return slices.Contains(f.Status, s) }
	}
	return e
}

// Article hands fn the records of one article: group holds its spans
// and statuses its status rows, both sorted by annotator.
func (e *Emitter) Article(a *annotate.Article, group []annotate.Span, statuses []StatusRow) error {
	return e.ArticleWith(a, group, statuses, nil)
}

// Relations returns an annotator's relations of an article for the record
// whose spans are group[lo:hi] (head and child index the record's spans
// that wantLabel keeps).
type Relations func(annotator string, lo, hi int, wantLabel func(string) bool) []annotate.RecordRelation

// ArticleWith is Article for a store that keeps relations: rels gives each
// record's relations.
func (e *Emitter) ArticleWith(a *annotate.Article, group []annotate.Span, statuses []StatusRow, rels Relations) error {
	only, wantStatus, wantLabel, fn := e.f.Annotator, e.wantStatus, e.wantLabel, e.fn
	var ix *annotate.Index
	emit := func(annotator string, st annotate.Status, flag annotate.Flag, lo, hi int) error {
		spans := group[lo:hi]
		if !wantStatus(st) {
			return nil
		}
		rec := &annotate.Record{Article: *a, Annotator: annotator, Status: st, Flag: flag}
		rec.Spans = make([]annotate.Span, 0, len(spans))
		for _, sp := range spans {
			if !wantLabel(sp.Label) {
				continue
			}
			if ix == nil {
				ix = annotate.NewIndex(a.Text)
			}
			sp.ArticleID = a.ID
			sp.Text = ix.Slice(sp.Start, sp.End)
			rec.Spans = append(rec.Spans, sp)
		}
		if rels != nil {
			rec.Relations = rels(annotator, lo, hi, wantLabel)
		}
		return fn(rec)
	}
	if only != "" {
		st, flag := annotate.StatusTodo, annotate.Flag{}
		if len(statuses) > 0 {
			st, flag = annotate.Status(statuses[0].Status), statuses[0].Flag
		}
		return emit(only, st, flag, 0, len(group))
	}
	if len(group) == 0 && len(statuses) == 0 {
		return emit("", annotate.StatusTodo, annotate.Flag{}, 0, 0)
	}
	// Merge the annotators of spans and statuses, both sorted.
	i, j := 0, 0
	for i < len(group) || j < len(statuses) {
		var name string
		switch {
		case j == len(statuses):
			name = group[i].Annotator
		case i == len(group):
			name = statuses[j].Annotator
		default:
			name = min(group[i].Annotator, statuses[j].Annotator)
		}
		st, flag := annotate.StatusTodo, annotate.Flag{}
		if j < len(statuses) && statuses[j].Annotator == name {
			st, flag = annotate.Status(statuses[j].Status), statuses[j].Flag
			j++
		}
		k := i
		for k < len(group) && group[k].Annotator == name {
			k++
		}
		if err := emit(name, st, flag, i, k); err != nil {
			return err
		}
		i = k
	}
	return nil
}
