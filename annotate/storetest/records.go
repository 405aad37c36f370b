package storetest

import (
	"encoding/json"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// HardText is one article with all that breaks offset code: a BOM, CRLF,
// emoji, a flag, CJK, a combining mark, a skin-tone sequence and a tab.
const HardText = "\ufeffCanada 🇨🇦 sanctions\r\n王君正 (Wang Junzheng)\tand José (Jose\u0301) 👍🏽 over Xinjiang."

// SpanOf returns a span labelled label over the first sub in text, in
// code points, with its Text set. It panics if text lacks sub.
func SpanOf(text, sub, label string) annotate.Span {
	i := strings.Index(text, sub)
	if i < 0 {
		panic("storetest: " + sub + " is not in the text")
	}
	start := utf8.RuneCountInString(text[:i])
	return annotate.Span{Start: start, End: start + utf8.RuneCountInString(sub), Label: label, Text: sub}
}

// hardRecord returns the annotator's done record of HardText: full
// metadata, and spans out of order that share starts, ends and offsets.
func hardRecord(annotator string) *annotate.Record {
	rec := &annotate.Record{
		Article: annotate.Article{
			ExtID: "hard", Title: "Canada sanctions", Source: "Reuters", URL: "https://example.org/1",
			Published: "2021-03-22", Text: HardText,
			Meta: map[string]json.RawMessage{"lang": json.RawMessage(`"en"`), "tags": json.RawMessage(`["a", "b"]`)},
		},
		Annotator: annotator,
		Status:    annotate.StatusDone,
		Spans: []annotate.Span{
			SpanOf(HardText, "Xinjiang", "JURISDICTION"),
			SpanOf(HardText, "Canada 🇨🇦", "JURISDICTION"),
			SpanOf(HardText, "Canada", "ORG"),
			SpanOf(HardText, "🇨🇦", "JURISDICTION"),
			SpanOf(HardText, "王君正", "PERSON"),
			SpanOf(HardText, "Jose\u0301", "PERSON"),
			SpanOf(HardText, "Canada", "JURISDICTION"),
		},
	}
	rec.Spans[0].Attrs = map[string]string{"role": "targeted"}
	rec.Spans[1].Attrs = map[string]string{"role": "imposing"}
	rec.Spans[1].Note = "flag\tincluded, \"quoted\""
	rec.Spans[1].Canonical = "Canada"
	rec.Spans[4].Canonical = "Wang Junzheng"
	for i := range rec.Spans {
		rec.Spans[i].Annotator = annotator
	}
	return rec
}

// plainRecord returns an untouched article: no annotator, status or spans.
func plainRecord(extID, title, text string) *annotate.Record {
	return &annotate.Record{Article: annotate.Article{ExtID: extID, Title: title, Text: text}}
}

// sortedSpans returns a sorted copy of spans, each with the annotator.
func sortedSpans(spans []annotate.Span, annotator string) []annotate.Span {
	out := append([]annotate.Span(nil), spans...)
	for i := range out {
		out[i].Annotator = annotator
	}
	annotate.SortSpans(out)
	return out
}
