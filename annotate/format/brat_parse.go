package format

import (
	"bytes"
	"fmt"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/tagdesk/tagdesk/annotate"
)

// bratT is a T line as written: its offsets are not yet read in any unit.
type bratT struct {
	line      int
	id, label string
	frags     [][2]int
	covered   string
	hasText   bool
}

// bratAnn is what one .ann file holds, before its offsets are read.
type bratAnn struct {
	path    string
	ts      []bratT
	later   []bratLine        // A, M, N and # lines, applied once the spans exist
	rels    []bratR           // R lines
	covered map[string]string // T id → its text, as the T line has it
	dropped bratDropped       // what is not imported
}

func bratErr(path string, line int, format string, args ...any) error {
	return &annotate.PosError{File: path, Line: line, Err: fmt.Errorf("%w: "+format, append([]any{annotate.ErrInvalid}, args...)...)}
}

func (d *BratDecoder) parseAnn(rec *annotate.Record, path string, ann []byte, conf *BratConf) error {
	if !utf8.Valid(ann) {
		return &annotate.PosError{File: path, Line: lineOfInvalidUTF8(ann), Err: fmt.Errorf("%w: file is not valid UTF-8", annotate.ErrInvalid)}
	}
	a := &bratAnn{path: path}
	first, err := a.parse(string(bytes.TrimPrefix(ann, []byte("\xef\xbb\xbf"))))
	if err != nil {
		return err
	}
	ix := annotate.NewIndex(rec.Article.Text)
	off, err := a.reading(ix)
	if err != nil {
		return err
	}
	if off.name != "" {
		d.warnf("%s: offsets read as %s: brat's own reading (code points, \"\\r\\n\" counted as one) does not match the T lines' texts, this one matches all %d", path, off.name, len(a.ts))
	}
	spansOf := map[string][]int{} // T id → indexes of its spans
	for _, t := range a.ts {
		if conf.IsEvent(t.label) {
			a.dropped.add(bratEventTrigger, t.line)
			spansOf[t.id] = nil
			continue
		}
		idx := make([]int, len(t.frags))
		for i, fr := range t.frags {
			cs, _ := off.toCP(fr[0])
			ce, _ := off.toCP(fr[1])
			idx[i] = len(rec.Spans)
			rec.Spans = append(rec.Spans, annotate.Span{Start: cs, End: ce, Label: t.label})
		}
		if len(idx) > 1 {
			d.warnf("%s:%d: %s is discontinuous: imported as %d spans, one per fragment", path, t.line, t.id, len(idx))
		}
		spansOf[t.id] = idx
	}
	a.relNotes()
	if err := a.attach(rec.Spans, spansOf); err != nil {
		return err
	}
	if err := a.relations(rec, spansOf); err != nil {
		return err
	}
	for _, w := range a.dropped.report(path) {
		d.warnf("%s", w)
	}
	if first > 0 {
		d.line = first
	}
	rec.Sort()
	return nil
}

// parse reads the lines of a .ann file and returns the number of the
// first that is not blank (0 if none is).
func (a *bratAnn) parse(ann string) (int, error) {
	first := 0
	seen := map[string]bool{}
	for n, rest := 1, ann; rest != ""; n++ {
		var line string
		if i := strings.IndexByte(rest, '\n'); i >= 0 {
			line, rest = rest[:i], rest[i+1:]
		} else {
			line, rest = rest, ""
		}
		line = strings.TrimSuffix(line, "\r")
		if strings.TrimSpace(line) == "" {
			continue
		}
		if first == 0 {
			first = n
		}
		id, body, ok := strings.Cut(line, "\t")
		if !ok || id == "" {
			return 0, bratErr(a.path, n, "want ID<TAB>annotation, got %q", clip(line))
		}
		switch id[0] {
		case 'T':
			if seen[id] {
				return 0, bratErr(a.path, n, "%s appears twice", id)
			}
			seen[id] = true
			t, err := a.parseT(n, id, body)
			if err != nil {
				return 0, err
			}
			a.ts = append(a.ts, t)
			if a.covered == nil {
				a.covered = map[string]string{}
			}
			a.covered[id] = t.covered
		case 'A', 'M', 'N', '#':
			bl, err := a.parseAttached(n, id, body)
			if err != nil {
				return 0, err
			}
			a.later = append(a.later, bl)
		case 'R':
			r, err := a.parseR(n, id, body)
			if err != nil {
				return 0, err
			}
			a.rels = append(a.rels, r)
		case 'E', '*':
			a.dropped.add(bratKind(id[0]), n)
		default:
			return 0, bratErr(a.path, n, "unknown annotation %q (want T, A, M, N, #, R, E or *)", clip(id))
		}
	}
	return first, nil
}

// parseT reads a T line's label, fragments and covered text.
func (a *bratAnn) parseT(n int, id, body string) (bratT, error) {
	head, covered, hasText := strings.Cut(body, "\t")
	label, frags, ok := strings.Cut(head, " ")
	if !ok || label == "" {
		return bratT{}, bratErr(a.path, n, "%s: want LABEL START END, got %q", id, clip(head))
	}
	t := bratT{line: n, id: id, label: label, covered: covered, hasText: hasText}
	for _, fr := range strings.Split(frags, ";") {
		f := strings.Fields(fr)
		if len(f) != 2 {
			return t, bratErr(a.path, n, "%s: offsets %q: want START END", id, clip(frags))
		}
		s, err1 := strconv.Atoi(f[0])
		e, err2 := strconv.Atoi(f[1])
		if err1 != nil || err2 != nil {
			return t, bratErr(a.path, n, "%s: offsets %q are not numbers", id, clip(fr))
		}
		t.frags = append(t.frags, [2]int{s, e})
	}
	return t, nil
}

// reading returns the first reading of the offsets under which every T
// line lies inside the text and covers the text it says, or the error of
// brat's own reading (the first line that fails under it).
func (a *bratAnn) reading(ix *annotate.Index) (*bratOffsets, error) {
	crlf := strings.Contains(ix.Text(), "\r\n")
	astral := ix.LenUTF16() != ix.Len()
	var firstErr error
	tried := 0
	for _, r := range bratReadings {
		if !r.applies(crlf, astral) {
			continue
		}
		tried++
		off := newBratOffsets(ix, r)
		err := a.check(off)
		if err == nil {
			return off, nil
		}
		if firstErr == nil {
			firstErr = err
		}
	}
	if tried > 1 {
		pe := firstErr.(*annotate.PosError)
		return nil, &annotate.PosError{File: pe.File, Line: pe.Line, Err: fmt.Errorf("%w (nor in any other reading of the offsets tried: raw code points, UTF-16 code units)", pe.Err)}
	}
	return nil, firstErr
}

// check checks every T line under one reading of the offsets.
func (a *bratAnn) check(off *bratOffsets) error {
	ix := off.ix
	for _, t := range a.ts {
		parts := make([]string, len(t.frags))
		for i, fr := range t.frags {
			s, e := fr[0], fr[1]
			cs, ok1 := off.toCP(s)
			ce, ok2 := off.toCP(e)
			if !ok1 || !ok2 || s >= e {
				return bratErr(a.path, t.line, "%s: offsets [%d,%d) are empty, reversed or outside the text (%d characters as brat counts them)", t.id, s, e, off.len)
			}
			parts[i] = ix.Slice(cs, ce)
		}
		if !t.hasText {
			continue
		}
		// brat ≥ 1.3 joins fragments with one space, older brat glued them
		want := bratText(t.covered)
		if bratText(strings.Join(parts, " ")) != want && (len(parts) == 1 || bratText(strings.Join(parts, "")) != want) {
			return bratErr(a.path, t.line, "%s: text %q does not match the .txt there, %q", t.id, clip(t.covered), clip(strings.Join(parts, " ")))
		}
	}
	return nil
}
