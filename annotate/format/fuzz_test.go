package format

import (
	"bytes"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkDecoded reads every record of rd and checks what a successful
// read promises: valid UTF-8 text and (except from the native decoder,
// which leaves that to Record.Validate) span offsets inside it. It
// returns the records, or nil at the first error (which must be a
// *PosError).
func checkDecoded(t *testing.T, rd RecordReader) []*annotate.Record {
	_, native := rd.(*JSONLDecoder)
	var out []*annotate.Record
	for {
		r, err := rd.Next()
		if err == io.EOF {
			return out
		}
		if err != nil {
			if _, ok := err.(*annotate.PosError); !ok {
				t.Fatalf("error %v (%T) is not a *PosError", err, err)
			}
			return nil
		}
		if err := annotate.ValidText(r.Article.Text); err != nil {
			t.Fatalf("record %q: %v", r.Article.ExtID, err)
		}
		n := annotate.NewIndex(r.Article.Text).Len()
		for _, sp := range r.Spans {
			if !native && (sp.Start < 0 || sp.End > n || sp.Start > n || sp.End < 0) {
				t.Fatalf("span [%d,%d) outside text of %d code points", sp.Start, sp.End, n)
			}
		}
		out = append(out, r)
	}
}

// maxFuzzLen bounds the inputs of the fuzz targets. The fuzzer minimises
// every new interesting input before it goes on, for up to a minute and
// in time quadratic in its length (each try costing a run and a
// coverage comparison): long inputs (the golden files run to 90 KB) held
// it at 0 execs/s for most of a run, and find nothing that short ones do
// not.
// The golden tests read the whole files.
const maxFuzzLen = 512

// seedRecords adds the records of a golden file that fit in maxFuzzLen:
// its lines (jsonl), its articles (conll) or its tasks each in an array
// of its own (labelstudio).
func seedRecords(f *testing.F, name string) {
	data, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		f.Fatal(err)
	}
	var recs []string
	switch {
	case strings.HasSuffix(name, ".conll"):
		for _, a := range strings.SplitAfter(string(data), "\n\n-DOCSTART-") {
			recs = append(recs, "-DOCSTART-"+strings.TrimPrefix(strings.TrimSuffix(a, "-DOCSTART-"), "-DOCSTART-"))
		}
	case strings.HasSuffix(name, ".json"):
		for _, l := range strings.Split(string(data), "\n") {
			if l = strings.TrimSuffix(l, ","); strings.HasPrefix(l, "{") {
				recs = append(recs, "[\n"+l+"\n]\n")
			}
		}
	default:
		recs = strings.SplitAfter(string(data), "\n")
	}
	for _, r := range recs {
		if len(r) <= maxFuzzLen && strings.TrimSpace(r) != "" {
			f.Add([]byte(r))
		}
	}
}

// FuzzJSONL reads the native JSONL: every input gives records or a
// *PosError, and what was read writes and reads back the same.
func FuzzJSONL(f *testing.F) {
	seedRecords(f, "formats.golden.jsonl")
	f.Add([]byte(`  { "id" : 12 , "text" : "x\ty\u00e9\ud83d\ude00\"\\\/\b\f\n\r" , "meta" : { "title" : "T", "n" : [1, {"a": null}], "f": -1.5e+3 } } `))
	f.Add([]byte(`{"Text":"t","ID":"a","spans":[{"START":0,"end":1,"label":"X","attrs":{"k":null}}]}`))
	f.Add([]byte(`{"text":"t","answer":"reject"}` + "\n" + `{"text":"\ud800 lone","id":"a","id":"b"}`))
	f.Add([]byte("\ufeff{\"text\":\"a\\u2028\"}\r\n\r\n{\"text\":\"\xff\"}"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		recs := checkDecoded(t, NewJSONLDecoder(bytes.NewReader(data), "f.jsonl"))
		back := jsonlRoundTrip(t, recs, NewJSONLEncoder)
		for i := range recs {
			if back[i].Article.Text != recs[i].Article.Text || back[i].Article.ExtID != recs[i].Article.ExtID || len(back[i].Spans) != len(recs[i].Spans) {
				t.Fatalf("round trip of record %d differs:\n%+v\n%+v", i, recs[i], back[i])
			}
		}
	})
}

func FuzzDoccano(f *testing.F) {
	seedRecords(f, "formats.golden.doccano.jsonl")
	f.Add([]byte(`{"id":1,"text":"🙂 Canada","label":[[2,8,"ORG"],[1,2,"X"]]}`))
	f.Add([]byte(`{"text":"ab","entities":[{"label":"ORG","start_offset":0,"end_offset":2}],"relations":[{}]}`))
	f.Add([]byte("{\"text\":\"a\",\"label\":[[0,1.5,\"ORG\"]]}\n{"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		for _, cp := range []bool{false, true} {
			recs := checkDecoded(t, NewDoccanoDecoder(bytes.NewReader(data), "f.jsonl", cp))
			// what was read writes and reads back the same
			var b bytes.Buffer
			enc := NewDoccanoEncoder(&b, cp)
			for _, r := range recs {
				enc.Encode(r)
			}
			enc.Close()
			back := checkDecoded(t, NewDoccanoDecoder(&b, "g.jsonl", cp))
			if len(back) != len(recs) {
				t.Fatalf("round trip: %d records, then %d", len(recs), len(back))
			}
			for i := range recs {
				if len(back[i].Spans) != len(recs[i].Spans) || back[i].Article.Text != recs[i].Article.Text {
					t.Fatalf("round trip of record %d differs", i)
				}
			}
		}
	})
}

func FuzzLabelStudio(f *testing.F) {
	seedRecords(f, "formats.golden.labelstudio.json")
	seedRecords(f, "formats.golden.labelstudio-utf16.json")
	f.Add([]byte(`[{"id":1,"data":{"text":"🙂 ab"},"annotations":[{"completed_by":{"id":2},"result":[{"id":"a","type":"labels","value":{"start":1,"end":3,"text":" a","labels":["ORG","PERSON"]}},{"id":"a","type":"textarea","from_name":"note","value":{"text":["n"]}}]}]}]`))
	f.Add([]byte("[\n{\"data\":{\"text\":\"x\"}},\n{\"data\": ]"))
	f.Add([]byte("\ufeff[]"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		checkDecoded(t, NewLabelStudioDecoder(bytes.NewReader(data), "f.json", false))
		checkDecoded(t, NewLabelStudioDecoder(bytes.NewReader(data), "f.json", true))
	})
}

func FuzzBrat(f *testing.F) {
	f.Add("Line\r\nCanada 🇨🇦 bans", "T1\tORG 6 12\tCanada\nT2\tMEASURE 13 14;15 19\t🇨🇦 bans\nA1\ttype T2 travel_ban\nN1\tReference T1 wd:Q16\tCanada\n#1\tAnnotatorNotes T1\tnote\nR1\tRel Arg1:T1 Arg2:T2\n")
	f.Add("abc", "T1\tORG 0 3\n")
	f.Add("abc", "T1\tORG 3 0\tx\nA1\tx T7\n")
	f.Add("\ufeffé", "T1\tORG 0 2\t\ufeffé\r\n")
	// In memory: a fuzzer that made files would create and delete
	// thousands a second, and on a file system that makes new files slow
	// after many deletions (ext4 without a journal scans every recently
	// freed inode) it stalls at 0 execs/s. TestBratImport and the golden
	// tests cover the files.
	// Short inputs: see maxFuzzLen.
	f.Fuzz(func(t *testing.T, txt, ann string) {
		if len(txt)+len(ann) > maxFuzzLen {
			return
		}
		d := &BratDecoder{}
		rec, err := d.record("d", "d.txt", []byte(txt), "d.ann", []byte(ann))
		if err != nil {
			if _, ok := err.(*annotate.PosError); !ok {
				t.Fatalf("error %v (%T) is not a *PosError", err, err)
			}
			return
		}
		recs := checkDecoded(t, &sliceReader{recs: []*annotate.Record{rec}})
		// brat's offsets map back to the same spans
		enc := &BratEncoder{names: map[string]bool{}, labels: map[string]map[string]map[string]bool{}}
		out := enc.appendAnn(nil, recs[0])
		back, err := (&BratDecoder{}).record("d", "out/d.txt", []byte(recs[0].Article.Text), "out/d.ann", out)
		if err != nil {
			t.Fatalf("reading back %q: %v", out, err)
		}
		if len(back.Spans) != len(recs[0].Spans) {
			t.Fatalf("round trip: got %v", back)
		}
		for i, sp := range recs[0].Spans {
			if b := back.Spans[i]; b.Start != sp.Start || b.End != sp.End {
				// a boundary between \r and \n has no brat offset of its own
				ix := annotate.NewIndex(txt)
				if !(ix.Slice(sp.Start, min(sp.Start+1, ix.Len())) == "\n" || ix.Slice(sp.End, min(sp.End+1, ix.Len())) == "\n") {
					t.Fatalf("span %d: [%d,%d) came back as [%d,%d)", i, sp.Start, sp.End, b.Start, b.End)
				}
			}
		}
	})
}

// sliceReader returns records from a slice.
type sliceReader struct {
	warnings
	recs []*annotate.Record
}

func (s *sliceReader) Next() (*annotate.Record, error) {
	if len(s.recs) == 0 {
		return nil, io.EOF
	}
	r := s.recs[0]
	s.recs = s.recs[1:]
	return r, nil
}
func (s *sliceReader) Line() int    { return 1 }
func (s *sliceReader) Skipped() int { return 0 }

func FuzzConll(f *testing.F) {
	seedRecords(f, "formats.golden.conll")
	f.Add([]byte("-DOCSTART- -X- -X- O\n\nEU NNP B-NP B-ORG\nWang I-PER\nX E-PER\nY S-PER\n\n-DOCSTART- O\n"))
	f.Add([]byte("a\n"))
	f.Add([]byte("a B-\n"))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		recs := checkDecoded(t, NewConllDecoder(bytes.NewReader(data), "f.conll"))
		// what was read exports and reads back with the same text
		var b bytes.Buffer
		enc := NewConllEncoder(&b, false, nil)
		for _, r := range recs {
			if err := enc.Encode(r); err != nil {
				t.Fatal(err)
			}
		}
		enc.Close()
		checkDecoded(t, NewConllDecoder(&b, "g.conll"))
	})
}

func FuzzSpacy(f *testing.F) {
	seedRecords(f, "formats.golden.spacy.jsonl")
	f.Add([]byte(`{"text":"Wang 🙂","tokens":[],"spans":[{"start":0,"end":4,"label":"PERSON","token_start":0,"token_end":0}],"answer":"accept"}`))
	f.Add([]byte(`{"text":"x","answer":"reject"}` + "\n" + `{"text":"y","spans":[{"start":0}]}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		if len(data) > maxFuzzLen {
			return
		}
		recs := checkDecoded(t, NewJSONLDecoder(bytes.NewReader(data), "f.jsonl"))
		for _, r := range recs {
			for i := range r.Spans {
				r.Spans[i].Text = ""
			}
		}
		jsonlRoundTrip(t, recs, NewSpacyEncoder)
	})
}

// jsonlRoundTrip writes recs with an encoder of a JSONL shape and reads
// them back with the native decoder, which must give as many.
func jsonlRoundTrip[E RecordWriter](t *testing.T, recs []*annotate.Record, newEnc func(io.Writer) E) []*annotate.Record {
	var b bytes.Buffer
	enc := newEnc(&b)
	for _, r := range recs {
		if err := enc.Encode(r); err != nil {
			t.Fatal(err)
		}
	}
	enc.Close()
	back := checkDecoded(t, NewJSONLDecoder(&b, "g.jsonl"))
	if len(back) != len(recs) {
		t.Fatalf("round trip: %d records, then %d", len(recs), len(back))
	}
	return back
}

func FuzzTokenize(f *testing.F) {
	for _, s := range tokenizeCases {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if !utf8.ValidString(s) {
			return
		}
		checkTokens(t, s)
	})
}
