package format

import (
	"bytes"
	"fmt"
	"math/rand"
	"strings"
	"testing"

	"github.com/tagdesk/tagdesk/annotate"
)

// abbrevEntities are names full of initials and abbreviations, the places
// where a sentence splitter is tempted to end a sentence.
var abbrevEntities = []struct{ text, label string }{
	{"P. Simmons", "PERSON"}, {"Mrs. Doubtfire", "PERSON"}, {"A. Dale", "PERSON"},
	{"U.S. Treasury", "ORG"}, {"Dr. J. R. Ewing", "PERSON"}, {"Mr. Wang Junzheng", "PERSON"},
	{"U.K. Foreign Office", "ORG"}, {"E.U.", "JURISDICTION"}, {"No. 10 Downing Street", "ORG"},
	{"Regulation No. 269/2014", "MEASURE"}, {"St. Louis", "JURISDICTION"}, {"Gen. Lee", "PERSON"},
	{"Atlas Shipping Ltd.", "ORG"}, {"Prof. Z. Wu", "PERSON"}, {"the U.S.", "JURISDICTION"},
	{"Sen. M. Rubio", "PERSON"}, {"Jan. 5 asset freeze", "MEASURE"}, {"Lt. Col. O. North", "PERSON"},
	{"W. Europe", "JURISDICTION"}, {"Ms. Lê Thị Hà", "PERSON"}, {"U.N. Security Council", "ORG"},
}

// abbrevFillers go between the entities; some end a sentence, some end
// one with an abbreviation.
var abbrevFillers = []string{
	" imposed a travel ban on ", " said on Monday. ", ". The ministry acted. ", " and ", " met ",
	" was named in Sept. 2021 by ", ", according to ", ". Then ", " (see No. 4) with ", ".\n\n", " vs. ",
	" wrote to Mr. ", ". ", "! ", "? ", " fined ", ".\r\n",
}

// abbrevCorpus makes n articles in which every entity is a span.
func abbrevCorpus(rng *rand.Rand, n int) []*annotate.Record {
	recs := make([]*annotate.Record, n)
	for i := range recs {
		var b strings.Builder
		var spans []annotate.Span
		cp := 0
		write := func(s string) { b.WriteString(s); cp += len([]rune(s)) }
		for k := rng.Intn(8) + 1; k > 0; k-- {
			e := abbrevEntities[rng.Intn(len(abbrevEntities))]
			spans = append(spans, annotate.Span{Start: cp, End: cp + len([]rune(e.text)), Label: e.label})
			write(e.text)
			write(abbrevFillers[rng.Intn(len(abbrevFillers))])
		}
		recs[i] = &annotate.Record{Status: annotate.StatusDone, Spans: spans,
			Article: annotate.Article{ExtID: fmt.Sprintf("a%d", i), Text: b.String()}}
	}
	return recs
}

// rebuiltSpans gives what a conll round trip must return for rec's
// spans (none overlapping): the import joins the tokens with one
// separator each (a space in a sentence, "\n" between sentences), so a
// token's offset in the rebuilt text is the length of the tokens before
// it plus one per token, whatever the sentences are.
func rebuiltSpans(rec *annotate.Record) (string, []annotate.Span) {
	toks := Tokenize(rec.Article.Text)
	off := make([]int, len(toks))
	var words []string
	at := 0
	for i, t := range toks {
		off[i] = at
		at += t.End - t.Start + 1
		words = append(words, t.Text)
	}
	var out []annotate.Span
	for _, s := range rec.Spans {
		f, l, ok := tokenRange(toks, s.Start, s.End)
		if ok {
			out = append(out, annotate.Span{Start: off[f], End: off[l] + toks[l].End - toks[l].Start, Label: s.Label})
		}
	}
	return strings.Join(words, " "), out
}

func TestConllRoundTripAbbreviations(t *testing.T) {
	recs := abbrevCorpus(rand.New(rand.NewSource(7)), 300)
	f, _ := Lookup("conll")
	var warns []string
	data := exportBytes(t, f, recs, Options{Warn: func(w string) { warns = append(warns, w) }})
	if len(warns) > 0 {
		t.Fatalf("export warnings: %q", warns)
	}
	got, _ := importBytes(t, f, data, Options{})
	if len(got) != len(recs) {
		t.Fatalf("got %d articles want %d", len(got), len(recs))
	}
	for i, rec := range recs {
		text, want := rebuiltSpans(rec)
		g := got[i]
		if flat := strings.ReplaceAll(g.Article.Text, "\n", " "); flat != text {
			t.Fatalf("article %d: text %q want %q (sentences joined by \\n)", i, g.Article.Text, text)
		}
		ix := annotate.NewIndex(g.Article.Text)
		var gs, ws []string
		for _, s := range g.Spans {
			gs = append(gs, fmt.Sprintf("[%d,%d) %s %q", s.Start, s.End, s.Label, ix.Slice(s.Start, s.End)))
		}
		for _, s := range want {
			ws = append(ws, fmt.Sprintf("[%d,%d) %s %q", s.Start, s.End, s.Label, ix.Slice(s.Start, s.End)))
		}
		if strings.Join(gs, "\n") != strings.Join(ws, "\n") {
			t.Fatalf("article %d %q:\ngot  %s\nwant %s", i, rec.Article.Text, strings.Join(gs, "\n     "), strings.Join(ws, "\n     "))
		}
	}
}

// TestConllSplitterAbbreviations checks that the tokenizer's sentences
// do not end at common abbreviations and initials, spans or not.
func TestConllSplitterAbbreviations(t *testing.T) {
	tests := []struct{ in, want string }{
		{"P. Simmons left. Mrs. Doubtfire came.", "P. Simmons left.|Mrs. Doubtfire came."},
		{"The U.S. Treasury acted. A. Dale agreed.", "The U.S. Treasury acted.|A. Dale agreed."},
		{"Dr. J. R. Ewing met Gen. Lee and Sen. M. Rubio.", "Dr. J. R. Ewing met Gen. Lee and Sen. M. Rubio."},
		{"Regulation No. 269/2014 applies from Jan. 5 on. No. The end.", "Regulation No. 269/2014 applies from Jan. 5 on.|No.|The end."},
		{"It moved in Sept. Then it stopped.", "It moved in Sept.|Then it stopped."},
		{"Atlas Shipping Ltd. The firm.", "Atlas Shipping Ltd.|The firm."},
		{"Mr.\nSmith", "Mr.|Smith"},
		{"He said I. The end.", "He said I. The end."},
		{"Mr . Smith and U.S . Treasury . Then", "Mr . Smith and U.S . Treasury .|Then"},
	}
	for _, tt := range tests {
		toks := Tokenize(tt.in)
		ix := annotate.NewIndex(tt.in)
		var parts []string
		from := 0
		for i := 1; i <= len(toks); i++ {
			if i == len(toks) || toks[i].Sent != toks[i-1].Sent {
				parts = append(parts, ix.Slice(toks[from].Start, toks[i-1].End))
				from = i
			}
		}
		if got := strings.Join(parts, "|"); got != tt.want {
			t.Errorf("%q:\ngot  %q\nwant %q", tt.in, got, tt.want)
		}
	}
}

// conllSentences returns, per token of the export of one article, the
// index of its sentence (blank lines counted).
func conllSentences(t testing.TB, data []byte) []int {
	var sents []int
	s := 0
	for _, line := range strings.Split(string(data), "\n") {
		switch {
		case line == "":
			s++
		case strings.HasPrefix(line, "-DOCSTART- "):
		default:
			sents = append(sents, s)
		}
	}
	return sents
}

// checkNoSplitSpan exports rec (spans at random, overlapping or not
// aligned to tokens) and checks that no span, kept or left out, has its
// tokens in two sentences, and that the import gives back every kept span.
func checkNoSplitSpan(t testing.TB, rec *annotate.Record) {
	var b bytes.Buffer
	enc := NewConllEncoder(&b, false, nil)
	if err := enc.Encode(rec); err != nil {
		t.Fatal(err)
	}
	enc.Close()
	toks := Tokenize(rec.Article.Text)
	sents := conllSentences(t, b.Bytes())
	if len(sents) != len(toks) {
		t.Fatalf("%d token lines for %d tokens", len(sents), len(toks))
	}
	for _, s := range rec.Spans {
		if f, l, ok := tokenRange(toks, s.Start, s.End); ok && sents[f] != sents[l] {
			t.Fatalf("text %q: span [%d,%d) %s is split between sentences:\n%s", rec.Article.Text, s.Start, s.End, s.Label, b.Bytes())
		}
	}
	got := readAll(t, NewConllDecoder(&b, "x.conll"))
	kept := len(rec.Spans) - enc.Dropped
	if len(toks) > 0 && (len(got) != 1 || len(got[0].Spans) != kept) {
		t.Fatalf("text %q: %d spans kept, import gives %+v", rec.Article.Text, kept, got)
	}
}

// randomSpans puts up to max spans at random code point offsets of text.
func randomSpans(rng *rand.Rand, text string, max int) []annotate.Span {
	n := len([]rune(text))
	var spans []annotate.Span
	for k := rng.Intn(max + 1); k > 0 && n > 0; k-- {
		s := rng.Intn(n)
		e := s + 1 + rng.Intn(min(n-s, 30))
		spans = append(spans, annotate.Span{Start: s, End: e, Label: "ORG"})
	}
	return spans
}

func TestConllNoSpanSplit(t *testing.T) {
	rng := rand.New(rand.NewSource(11))
	for _, rec := range abbrevCorpus(rng, 3000) {
		rec.Spans = randomSpans(rng, rec.Article.Text, 6)
		checkNoSplitSpan(t, rec)
	}
}

// FuzzConllNoSpanSplit: for any text and spans, no span is split
// between sentences in the export.
func FuzzConllNoSpanSplit(f *testing.F) {
	for _, rec := range abbrevCorpus(rand.New(rand.NewSource(3)), 20) {
		f.Add(rec.Article.Text, int64(len(rec.Spans)))
	}
	f.Add("He left. She came! Why? Done", int64(1))
	f.Fuzz(func(t *testing.T, text string, seed int64) {
		if len(text) > maxFuzzLen || annotate.ValidText(text) != nil {
			return
		}
		rng := rand.New(rand.NewSource(seed))
		checkNoSplitSpan(t, &annotate.Record{Article: annotate.Article{ExtID: "f", Text: text}, Spans: randomSpans(rng, text, 8)})
	})
}
