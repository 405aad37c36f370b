package cli

import (
	"context"
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/agree"
)

// cmdAgree reports inter-annotator agreement:
// `tagdesk agree [--annotators a,b,…] [--label L]… [--status S]… [--format table|json|csv] [--worst N]`.
func cmdAgree(args []string, stdout io.Writer) error {
	f := newFlags("agree")
	names := f.String("annotators", "", "comma-separated annotators to compare (default: every annotator)")
	var labels, statuses listFlag
	f.Var(&labels, "label", "only spans with this label (repeatable)")
	f.Var(&statuses, "status", "only annotators' work with this status, e.g. done (repeatable)")
	outFormat := f.String("format", "table", "table, json or csv")
	worst := f.Int("worst", 10, "articles with the lowest agreement to list (table)")
	if err := f.parseNone(args); err != nil {
		return err
	}
	if *outFormat != "table" && *outFormat != "json" && *outFormat != "csv" {
		return usageErr("--format %q: want table, json or csv", *outFormat)
	}
	st, err := parseStatuses(statuses)
	if err != nil {
		return err
	}
	filter := annotate.ExportFilter{Labels: labels, Status: st}
	db, err := openExistingDB(f.db)
	if err != nil {
		return err
	}
	defer db.Close()
	ctx := context.Background()
	annotators := splitNames(*names)
	if len(annotators) == 0 {
		st, err := db.Stats(ctx)
		if err != nil {
			return err
		}
		for _, a := range st.Annotators {
			if a != "" {
				annotators = append(annotators, a)
			}
		}
	}
	study, err := agree.New(agree.Options{Annotators: annotators, Labels: labels})
	if err != nil {
		return usageErr("%v", err)
	}
	if err := study.Feed(ctx, db, filter, nil); err != nil {
		return err
	}
	rep := study.Report()
	switch *outFormat {
	case "json":
		enc := json.NewEncoder(stdout)
		enc.SetIndent("", "  ")
		return enc.Encode(rep)
	case "csv":
		return writeAgreeCSV(stdout, rep)
	}
	return writeAgreeTable(stdout, rep, *worst)
}

func writeAgreeTable(w io.Writer, rep *agree.Report, worst int) error {
	var b strings.Builder
	o := &rep.Overall
	fmt.Fprintf(&b, "agreement of %s; %d articles labelled by all of them\n\n", strings.Join(rep.Annotators, ", "), o.Complete)
	fmt.Fprintf(&b, "%-22s %8s %8s %8s %6s %6s %6s %6s %6s %6s %8s %8s\n", "pair (A reference)", "articles", "spans A", "spans B",
		"P", "R", "F1", "P~", "R~", "F1~", "κ tokens", "κ chars")
	row := func(name string, arts string, c agree.Counts, kt, kc string) {
		fmt.Fprintf(&b, "%-22s %8s %8d %8d %6s %6s %6s %6s %6s %6s %8s %8s\n", name, arts, c.A, c.B,
			fig(c.P(false)), fig(c.R(false)), fig(c.F1(false)), fig(c.P(true)), fig(c.R(true)), fig(c.F1(true)), kt, kc)
	}
	for _, p := range rep.Pairs {
		row(p.A+" × "+p.B, strconv.Itoa(p.Articles), p.Spans, p.TokenKappa.String(), p.CharKappa.String())
	}
	row("all pairs (micro)", "", o.Spans, "", "")
	fmt.Fprintf(&b, "\nover all annotators: Fleiss' κ tokens %s, characters %s; multi-κ tokens %s; Krippendorff's α tokens %s, α-U %s\n",
		o.TokenFleiss, o.CharFleiss, o.TokenMultiK, o.TokenAlpha, o.AlphaU)
	b.WriteString("(P R F1: exact match; P~ R~ F1~: overlap match; tokens: IOB2 tags as the CoNLL export writes them;\n spans*: both sides of every pair counted)\n")

	fmt.Fprintf(&b, "\n%-16s %8s %8s %8s %8s", "label", "spans*", "F1", "F1~", "α-U")
	for _, p := range rep.Pairs {
		fmt.Fprintf(&b, " %14s", "κ "+p.A+"×"+p.B)
	}
	b.WriteString("\n")
	for _, l := range rep.Labels {
		lo := o.ByLabel[l]
		fmt.Fprintf(&b, "%-16s %8d %8s %8s %8s", l, lo.Spans.A+lo.Spans.B, fig(lo.Spans.F1(false)), fig(lo.Spans.F1(true)), lo.AlphaU)
		for _, p := range rep.Pairs {
			fmt.Fprintf(&b, " %14s", p.ByLabel[l].TokenKappa)
		}
		b.WriteString("\n")
	}
	writeConfusion(&b, rep)
	if worst > 0 {
		fmt.Fprintf(&b, "\nlowest agreement first (exact F1 over the article's pairs)\n%-24s %-30s %4s %6s %6s %6s %8s\n", "article", "title", "ann.", "spans", "F1", "F1~", "κ tokens")
		for i, a := range rep.Articles {
			if i == worst || a.Annotators < 2 {
				break
			}
			fmt.Fprintf(&b, "%-24s %-30s %4d %6d %6s %6s %8s\n", clip(a.ExtID, 24), clip(a.Title, 30), a.Annotators, a.Spans, a.ExactF1, a.OverlapF1, a.TokenKappa)
		}
	}
	_, err := io.WriteString(w, b.String())
	return err
}

// writeConfusion writes the label confusion table: overlapping spans of
// two annotators by the label each gave; "—" is no span.
func writeConfusion(b *strings.Builder, rep *agree.Report) {
	cols := append(append([]string(nil), rep.Labels...), "")
	fmt.Fprintf(b, "\nlabel confusion (rows: first of a pair, columns: second; — no overlapping span)\n%-16s", "")
	for _, c := range cols {
		fmt.Fprintf(b, " %12s", clip(orDash(c), 12))
	}
	b.WriteString("\n")
	for _, r := range cols {
		fmt.Fprintf(b, "%-16s", clip(orDash(r), 16))
		for _, c := range cols {
			fmt.Fprintf(b, " %12d", rep.Confusion[r][c])
		}
		b.WriteString("\n")
	}
}

func writeAgreeCSV(w io.Writer, rep *agree.Report) error {
	cw := csv.NewWriter(w)
	cw.Write([]string{"scope", "a", "b", "label", "articles", "spans_a", "spans_b", "exact", "overlap", "precision", "recall", "f1",
		"precision_overlap", "recall_overlap", "f1_overlap", "kappa_tokens", "kappa_chars"})
	line := func(scope, a, b, label, arts string, c agree.Counts, kt, kc agree.Figure) {
		cw.Write([]string{scope, a, b, label, arts, strconv.Itoa(c.A), strconv.Itoa(c.B), strconv.Itoa(c.Exact), strconv.Itoa(c.Overlap),
			num(c.P(false)), num(c.R(false)), num(c.F1(false)), num(c.P(true)), num(c.R(true)), num(c.F1(true)), num(float64(kt)), num(float64(kc))})
	}
	nan := agree.Figure(math.NaN())
	for _, p := range rep.Pairs {
		line("pair", p.A, p.B, "", strconv.Itoa(p.Articles), p.Spans, p.TokenKappa, p.CharKappa)
		for _, l := range rep.Labels {
			lp := p.ByLabel[l]
			line("pair", p.A, p.B, l, strconv.Itoa(p.Articles), lp.Spans, lp.TokenKappa, lp.CharKappa)
		}
	}
	o := &rep.Overall
	line("overall", "", "", "", strconv.Itoa(o.Complete), o.Spans, nan, nan)
	for _, l := range rep.Labels {
		line("overall", "", "", l, "", o.ByLabel[l].Spans, nan, nan)
	}
	cw.Write([]string{"figure", "value"})
	for _, kv := range []struct {
		k string
		v agree.Figure
	}{{"fleiss_kappa_tokens", o.TokenFleiss}, {"fleiss_kappa_chars", o.CharFleiss}, {"multi_kappa_tokens", o.TokenMultiK},
		{"krippendorff_alpha_tokens", o.TokenAlpha}, {"krippendorff_alpha_u", o.AlphaU}} {
		cw.Write([]string{kv.k, num(float64(kv.v))})
	}
	cw.Flush()
	return cw.Error()
}

func fig(f float64) string { return agree.Figure(f).String() }

// num writes a figure for a spreadsheet: all its digits, or empty for NaN.
func num(f float64) string {
	if f != f {
		return ""
	}
	return strconv.FormatFloat(f, 'g', -1, 64)
}

func orDash(s string) string {
	if s == "" {
		return "—"
	}
	return s
}

func clip(s string, n int) string {
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}
