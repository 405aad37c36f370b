package corpus

import (
	"bufio"
	"fmt"
	"io"
	"math/rand/v2"

	"github.com/tagdesk/tagdesk/annotate"
)

// WritePatterns writes n phrase patterns in the Prodigy/spaCy shape, the
// suggestion benchmark's gazetteer: the corpus's own entities (with
// their canonical values as ids), then made-up names of people and
// organizations, of one to four words, that the corpus does not hold.
func WritePatterns(w io.Writer, n int) error {
	bw := bufio.NewWriterSize(w, 1<<20)
	line := func(label, pattern, id string) {
		b := append([]byte(`{"label":`), annotate.AppendJSONString(nil, label)...)
		b = append(b, `,"pattern":`...)
		b = annotate.AppendJSONString(b, pattern)
		if id != "" {
			b = append(b, `,"id":`...)
			b = annotate.AppendJSONString(b, id)
		}
		bw.Write(append(b, "}\n"...))
	}
	k := 0
	for _, pool := range [][]entity{persons, orgs, measures, places} {
		for _, e := range pool {
			if k < n {
				line(e.label, e.text, e.canonical)
				k++
			}
		}
	}
	rng := rand.New(rand.NewPCG(uint64(n), 0x7061747465726e))
	syl := []string{"ka", "lo", "mi", "ren", "tas", "vu", "zhe", "an", "dor", "el", "quo", "bri", "sen", "tu", "wal", "yo"}
	word := func() string {
		s := ""
		for range 2 + rng.IntN(3) {
			s += syl[rng.IntN(len(syl))]
		}
		return string(s[0]-'a'+'A') + s[1:]
	}
	for ; k < n; k++ {
		words := 1 + rng.IntN(4)
		p := word()
		for range words - 1 {
			p += " " + word()
		}
		label := "PERSON"
		if k%3 == 0 {
			label, p = "ORG", p+" Holdings"
		}
		line(label, p, fmt.Sprintf("Q%d", k))
	}
	return bw.Flush()
}
