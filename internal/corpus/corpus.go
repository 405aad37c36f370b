// Package corpus generates tagdesk's deterministic benchmark corpus:
// news-like articles of about 3 KB, some non-ASCII (accents, emoji, flags,
// CJK), each with 20 valid spans of the default labels. Article i is the
// same on every run and machine.
package corpus

import (
	"fmt"
	"io"
	"math/rand/v2"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/format"
)

// SpansPerArticle is how many spans each article carries.
const SpansPerArticle = 20

type entity struct {
	text, label, attr, value, canonical string
}

var (
	persons = []entity{
		{text: "Wang Junzheng", label: "PERSON", canonical: "Wang Junzheng"},
		{text: "José Álvarez", label: "PERSON", canonical: "José Álvarez"},
		{text: "Zoë Müller", label: "PERSON"},
		{text: "Chen Quanguo", label: "PERSON", canonical: "Chen Quanguo"},
		{text: "Marc Garneau", label: "PERSON"},
		{text: "Ngozi Okonjo-Iweala", label: "PERSON"},
		{text: "习近平", label: "PERSON", canonical: "Xi Jinping"},
		{text: "François Hollande", label: "PERSON"},
	}
	orgs = []entity{
		{text: "Global Affairs Canada", label: "ORG"},
		{text: "the European Council", label: "ORG", canonical: "European Council"},
		{text: "Xinjiang Production and Construction Corps", label: "ORG", canonical: "XPCC"},
		{text: "the U.N. Human Rights Council", label: "ORG", canonical: "UNHRC"},
		{text: "Société Générale", label: "ORG"},
		{text: "OFAC", label: "ORG", canonical: "Office of Foreign Assets Control"},
		{text: "新疆公安厅", label: "ORG", canonical: "Xinjiang Public Security Bureau"},
	}
	measures = []entity{
		{text: "asset freeze", label: "MEASURE", attr: "type", value: "asset_freeze"},
		{text: "travel ban", label: "MEASURE", attr: "type", value: "travel_ban"},
		{text: "ban on dealings in property", label: "MEASURE", attr: "type", value: "financial_restriction"},
		{text: "export restrictions", label: "MEASURE", attr: "type", value: "trade_restriction"},
		{text: "arms embargo", label: "MEASURE", attr: "type", value: "arms_embargo"},
		{text: "sanctions", label: "MEASURE", attr: "type", value: "other_sanction"},
	}
	places = []entity{
		{text: "Canada", label: "JURISDICTION", attr: "role", value: "imposing"},
		{text: "the United Kingdom", label: "JURISDICTION", attr: "role", value: "imposing", canonical: "United Kingdom"},
		{text: "the European Union", label: "JURISDICTION", attr: "role", value: "imposing", canonical: "EU"},
		{text: "China", label: "JURISDICTION", attr: "role", value: "targeted"},
		{text: "Xinjiang", label: "JURISDICTION", attr: "role", value: "targeted"},
		{text: "Côte d'Ivoire", label: "JURISDICTION", attr: "role", value: "other"},
		{text: "🇨🇦 Canada", label: "JURISDICTION", attr: "role", value: "imposing", canonical: "Canada"},
		{text: "北京", label: "JURISDICTION", attr: "role", value: "targeted", canonical: "Beijing"},
	}
	kinds = map[byte][]entity{'P': persons, 'O': orgs, 'M': measures, 'J': places}

	// Sentences with entity slots: {P} person, {O} organization,
	// {M} measure, {J} jurisdiction.
	sentences = []string{
		"{J} announced an {M} against {P} on Monday.",
		"Officials at {O} said the {M} would take effect immediately.",
		"{P}, a senior official, is now subject to a {M} imposed by {J}.",
		"In a statement, {O} called the decision “unjustified” — a claim {J} rejected.",
		"The {M} follows months of pressure from {O}.",
		"Asked about {P}, a spokesperson for {J} declined to comment.",
		"Critics say {M} rarely change behaviour 🤔, but {O} disagrees.",
		"{J} and {J} coordinated the measures, according to {O}.",
	}
	fillers = []string{
		"The move was widely expected after last week's hearings.",
		"Analysts noted that similar steps in 2021 had limited effect on trade flows.",
		"Human-rights groups welcomed the announcement but urged further action.",
		"Markets in Hong Kong were little changed; the yuan (元) held steady.",
		"Résumés of the officials were published on the ministry's website.",
		"The text of the regulation runs to 14 pages\tand lists 37 entities.",
		"“We will continue to work closely with our partners,” the minister said.",
		"Residents described the situation as tense 😟 but calm.",
	}
	sources = []string{"Reuters", "Agence France-Presse", "新华社", "The Globe and Mail"}
)

// Record returns article i of the corpus with its spans, annotated by one
// of three annotators.
func Record(i int) *annotate.Record {
	rng := rand.New(rand.NewPCG(uint64(i), 0x7461676465736b))
	var b strings.Builder
	cp := 0
	write := func(s string) {
		b.WriteString(s)
		cp += utf8.RuneCountInString(s)
	}
	var spans []annotate.Span
	title := fmt.Sprintf("%s imposes %s over %s (%d)",
		places[rng.IntN(len(places))].text, measures[rng.IntN(len(measures))].text, places[3+rng.IntN(2)].text, i)
	write(title)
	write("\n\n")
	para := 0
	for len(spans) < SpansPerArticle || b.Len() < 3000 {
		var tmpl string
		if len(spans) < SpansPerArticle && rng.IntN(3) > 0 {
			tmpl = sentences[rng.IntN(len(sentences))]
		} else {
			tmpl = fillers[rng.IntN(len(fillers))]
		}
		for len(tmpl) > 0 {
			j := strings.IndexByte(tmpl, '{')
			if j < 0 {
				write(tmpl)
				break
			}
			write(tmpl[:j])
			kind := tmpl[j+1]
			tmpl = tmpl[j+3:]
			pool := kinds[kind]
			e := pool[rng.IntN(len(pool))]
			start := cp
			write(e.text)
			if len(spans) < SpansPerArticle {
				sp := annotate.Span{Start: start, End: cp, Label: e.label, Text: e.text, Canonical: e.canonical}
				if e.attr != "" {
					sp.Attrs = map[string]string{e.attr: e.value}
				}
				if rng.IntN(10) == 0 {
					sp.Note = "checked against the official notice"
				}
				spans = append(spans, sp)
			}
		}
		para++
		if para%4 == 0 {
			if i%7 == 0 {
				write("\r\n\r\n") // some articles come with Windows line ends
			} else {
				write("\n\n")
			}
		} else {
			write(" ")
		}
	}
	annotators := []string{"alice", "bob", "chen"}
	statuses := []annotate.Status{annotate.StatusDone, annotate.StatusInProgress, annotate.StatusDone, annotate.StatusSkipped}
	rec := &annotate.Record{
		Article: annotate.Article{
			ExtID:     fmt.Sprintf("bench-%07d", i),
			Title:     title,
			Source:    sources[i%len(sources)],
			URL:       fmt.Sprintf("https://news.example.org/%d/%07d", 2019+i%6, i),
			Published: fmt.Sprintf("20%02d-%02d-%02dT%02d:00:00Z", 19+i%6, 1+i%12, 1+i%28, i%24),
			Text:      b.String(),
		},
		Annotator: annotators[i%len(annotators)],
		Status:    statuses[i%len(statuses)],
		Spans:     spans,
	}
	for k := range rec.Spans {
		rec.Spans[k].Annotator = rec.Annotator
	}
	annotate.SortSpans(rec.Spans)
	return rec
}

// Write writes n articles to w in the native JSONL.
func Write(w io.Writer, n int) error {
	return write(w, n, func(i int) []*annotate.Record { return []*annotate.Record{Record(i)} })
}

// WriteAnnotated writes n articles as three annotators labelled them
// (Annotated): three lines an article.
func WriteAnnotated(w io.Writer, n int) error { return write(w, n, Annotated) }

func write(w io.Writer, n int, recs func(int) []*annotate.Record) error {
	enc := format.NewJSONLEncoder(w)
	for i := 0; i < n; i++ {
		for _, r := range recs(i) {
			if err := enc.Encode(r); err != nil {
				return err
			}
		}
	}
	return enc.Close()
}
