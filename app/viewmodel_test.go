package app

import (
	"reflect"
	"testing"

	"github.com/rivo/uniseg"
)

// fakeMeasure makes every grapheme cluster 10 units wide.
func fakeMeasure(s string) float32 { return 10 * float32(uniseg.GraphemeClusterCount(s)) }

func newTestModel(text string, width float32, spans ...ViewSpan) *viewModel {
	m := newViewModel(fakeMeasure)
	m.setText(text, spans, width)
	return m
}

func lineRanges(m *viewModel) [][2]int {
	var out [][2]int
	for _, l := range m.lines {
		out = append(out, [2]int{l.start, l.end})
	}
	return out
}

func TestWrap(t *testing.T) {
	tests := []struct {
		name  string
		text  string
		width float32
		want  [][2]int
	}{
		{"empty", "", 100, [][2]int{{0, 0}}},
		{"fits", "aaa bbb", 100, [][2]int{{0, 7}}},
		{"soft wrap keeps spaces on the line", "aaa bbb ccc", 75, [][2]int{{0, 8}, {8, 11}}},
		{"exact fit", "aaa bbb", 70, [][2]int{{0, 7}}},
		{"hard breaks", "ab\ncd\r\nef\rgh\u2028ij", 100, [][2]int{{0, 2}, {3, 5}, {7, 9}, {10, 12}, {13, 15}}},
		{"trailing newline", "ab\n", 100, [][2]int{{0, 2}, {3, 3}}},
		{"blank lines", "a\n\nb", 100, [][2]int{{0, 1}, {2, 2}, {3, 4}}},
		{"long word broken by grapheme", "abcdefghij", 35, [][2]int{{0, 3}, {3, 6}, {6, 9}, {9, 10}}},
		{"long word after a word", "ab abcdefgh", 35, [][2]int{{0, 3}, {3, 6}, {6, 9}, {9, 11}}},
		{"clusters are not split", "e\u0301e\u0301e\u0301e\u0301", 25, [][2]int{{0, 4}, {4, 8}}},
		{"tab is wide", "a\tb", 40, [][2]int{{0, 2}, {2, 3}}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, tt.width)
			if got := lineRanges(m); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v want %v", got, tt.want)
			}
		})
	}
}

func TestRewrapAndLineOf(t *testing.T) {
	m := newTestModel("aaa bbb ccc ddd", 1000)
	if len(m.lines) != 1 {
		t.Fatalf("got %d lines want 1", len(m.lines))
	}
	m.wrap(35)
	if got, want := lineRanges(m), [][2]int{{0, 4}, {4, 8}, {8, 12}, {12, 15}}; !reflect.DeepEqual(got, want) {
		t.Fatalf("got %v want %v", got, want)
	}
	for _, tt := range []struct{ cp, want int }{{0, 0}, {3, 0}, {4, 1}, {11, 2}, {15, 3}} {
		if got := m.lineOf(tt.cp); got != tt.want {
			t.Errorf("lineOf(%d): got %d want %d", tt.cp, got, tt.want)
		}
	}
	if got := m.xOf(1, 6); got != 20 {
		t.Errorf("xOf(1, 6): got %v want 20", got)
	}
}

func TestHit(t *testing.T) {
	tests := []struct {
		name    string
		text    string
		line    int
		x       float32
		nearest bool
		want    int
	}{
		{"nearest left", "aaa bbb", 0, 14, true, 1},
		{"nearest right", "aaa bbb", 0, 16, true, 2},
		{"cluster under", "aaa bbb", 0, 16, false, 1},
		{"space", "aaa bbb", 0, 35, false, 3},
		{"before start", "aaa bbb", 0, -5, true, 0},
		{"past end caret", "aaa bbb", 0, 500, true, 7},
		{"past end no cluster", "aaa bbb", 0, 500, false, -1},
		{"second line", "aaa\nbbb", 1, 21, true, 6},
		{"combining mark kept", "e\u0301e", 0, 6, true, 2},
		{"combining mark under", "e\u0301e", 0, 9, false, 0},
		{"flag", "\U0001F1E8\U0001F1E6\U0001F1EB\U0001F1F7", 0, 12, false, 2},
		{"crlf", "ab\r\ncd", 1, 3, true, 4},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, 1000)
			if got := m.hit(tt.line, tt.x, tt.nearest); got != tt.want {
				t.Errorf("got %d want %d", got, tt.want)
			}
		})
	}
}

func TestSnap(t *testing.T) {
	const news = `Canada sanctions four "Chinese" officials. U.S.-led talks...`
	tests := []struct {
		name    string
		text    string
		a, b    int
		precise bool
		want    [2]int
	}{
		{"inside a word", news, 2, 4, false, [2]int{0, 6}},
		{"across words", news, 2, 9, false, [2]int{0, 16}},
		{"backwards", news, 9, 2, false, [2]int{0, 16}},
		{"leading space dropped", news, 6, 8, false, [2]int{7, 16}},
		{"trailing space dropped", news, 1, 7, false, [2]int{0, 6}},
		{"quotes dropped", news, 21, 32, false, [2]int{23, 30}},
		{"full stop dropped", news, 33, 42, false, [2]int{32, 41}},
		{"only punctuation stays", news, 41, 42, false, [2]int{41, 42}},
		{"only spaces stay", news, 6, 7, false, [2]int{6, 7}},
		{"abbreviation", news, 43, 44, false, [2]int{43, 46}},
		{"caret", news, 3, 3, false, [2]int{3, 3}},
		{"precise", news, 1, 3, true, [2]int{1, 3}},
		{"precise combining mark", "cafe\u0301 x", 3, 4, true, [2]int{3, 5}},
		{"caret inside a cluster", "cafe\u0301 x", 4, 4, false, [2]int{3, 3}},
		{"word with combining mark", "cafe\u0301 x", 1, 2, false, [2]int{0, 5}},
		{"precise flag", "\U0001F1E8\U0001F1E6\U0001F1EB\U0001F1F7", 1, 3, true, [2]int{0, 4}},
		{"precise skin tone", "a \U0001F44D\U0001F3FD b", 2, 3, true, [2]int{2, 4}},
		{"precise crlf", "a\r\nb", 2, 3, true, [2]int{1, 3}},
		{"words across crlf", "ab\r\ncd", 1, 5, false, [2]int{0, 6}},
		{"clamped", "abc", -4, 99, false, [2]int{0, 3}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(tt.text, 1000)
			a, b := m.snap(tt.a, tt.b, tt.precise)
			if got := [2]int{a, b}; got != tt.want {
				t.Errorf("got %v want %v", got, tt.want)
			}
		})
	}
}

func TestCaretMoves(t *testing.T) {
	m := newTestModel("a\U0001F1E8\U0001F1E6e\u0301 \r\nhello, world", 1000)
	steps := []int{}
	for cp := 0; cp < m.n; cp = m.nextCluster(cp) {
		steps = append(steps, cp)
	}
	if want := []int{0, 1, 3, 5, 6, 8, 9, 10, 11, 12, 13, 14, 15, 16, 17, 18, 19}; !reflect.DeepEqual(steps, want) {
		t.Errorf("nextCluster: got %v want %v", steps, want)
	}
	if got := m.prevCluster(5); got != 3 {
		t.Errorf("prevCluster(5): got %d want 3", got)
	}
	if got := m.prevCluster(8); got != 6 {
		t.Errorf("prevCluster(8) over CRLF: got %d want 6", got)
	}
	if got := m.nextWord(8); got != 13 {
		t.Errorf("nextWord(8): got %d want 13", got)
	}
	if got := m.nextWord(13); got != 20 {
		t.Errorf("nextWord(13): got %d want 20", got)
	}
	if got := m.prevWord(20); got != 15 {
		t.Errorf("prevWord(20): got %d want 15", got)
	}
	if got := m.prevWord(15); got != 8 {
		t.Errorf("prevWord(15): got %d want 8", got)
	}
	if got := m.wordAt(10); got != (segment{8, 13}) {
		t.Errorf("wordAt(10): got %v want {8 13}", got)
	}
}

func TestSpanIndex(t *testing.T) {
	a := ViewSpan{ID: 1, Start: 0, End: 100, Label: "MEASURE"}
	b := ViewSpan{ID: 2, Start: 10, End: 20, Label: "ORG"}
	c := ViewSpan{ID: 3, Start: 15, End: 30, Label: "PERSON"}
	d := ViewSpan{ID: 4, Start: 50, End: 60, Label: "ORG"}
	e := ViewSpan{ID: 5, Start: 12, End: 14, Label: "JURISDICTION"}
	text := string(make([]byte, 120))
	m := newTestModel(text, 1e6, d, c, b, a)

	lane := func(id int64) int { return m.lanes[m.find(id)] }
	tests := []struct {
		name string
		a, b int
		want []int64
	}{
		{"nested point", 16, 17, []int64{1, 2, 3}},
		{"gap", 30, 50, []int64{1}},
		{"after all", 100, 120, nil},
		{"range", 19, 55, []int64{1, 2, 3, 4}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var got []int64
			for _, i := range m.overlapping(tt.a, tt.b) {
				got = append(got, m.spans[i].ID)
			}
			if !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %v want %v", got, tt.want)
			}
		})
	}
	if got := []int{lane(1), lane(2), lane(3), lane(4)}; !reflect.DeepEqual(got, []int{0, 1, 2, 1}) {
		t.Errorf("lanes: got %v want [0 1 2 1]", got)
	}
	if got := m.spansAt(16); !reflect.DeepEqual(got, []int64{1, 3, 2}) {
		t.Errorf("spansAt(16): got %v want [1 3 2] (outermost first)", got)
	}

	s, en := m.addSpan(e)
	if lane(5) != 2 || m.nLanes != 3 {
		t.Errorf("added nested span: lane %d of %d, want 2 of 3", lane(5), m.nLanes)
	}
	if s > 12 || en < 14 {
		t.Errorf("addSpan redraw range [%d,%d) does not cover the span", s, en)
	}
	want := []int64{1, 2, 5, 3, 4}
	var got []int64
	for _, sp := range m.sortedSpans() {
		got = append(got, sp.ID)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("sortedSpans: got %v want %v", got, want)
	}

	// Removing the outer span lifts every nested span one lane: the
	// redraw range covers them all.
	s, en, ok := m.removeSpan(1)
	if !ok || s != 0 || en != 100 {
		t.Errorf("removeSpan(1): got [%d,%d) %v want [0,100) true", s, en, ok)
	}
	if lane(2) != 0 || lane(3) != 1 || lane(5) != 1 || lane(4) != 0 {
		t.Errorf("lanes after removal: 2:%d 3:%d 5:%d 4:%d", lane(2), lane(3), lane(5), lane(4))
	}
	if _, _, ok := m.removeSpan(99); ok {
		t.Errorf("removeSpan(99) of a missing span: got ok")
	}
	if got := m.overlapping(55, 56); len(got) != 1 || m.spans[got[0]].ID != 4 {
		t.Errorf("overlapping after removal: got %v", got)
	}
}
