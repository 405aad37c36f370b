package app

import "testing"

func TestMovedBound(t *testing.T) {
	const news = "Canada froze the assets of Wang Junzheng. China protested."
	tests := []struct {
		name    string
		s, e    int
		end     bool
		dir     int
		precise bool
		want    [2]int
		ok      bool
	}{
		{"start left by word", 27, 31, false, -1, false, [2]int{24, 31}, true},
		{"start right by word", 24, 31, false, 1, false, [2]int{27, 31}, true},
		{"end right by word skips punctuation", 27, 31, true, 1, false, [2]int{27, 40}, true},
		{"end left by word", 27, 40, true, -1, false, [2]int{27, 31}, true},
		{"end right over a full stop", 32, 40, true, 1, false, [2]int{32, 47}, true},
		{"start mid-word goes to its start", 29, 31, false, -1, false, [2]int{27, 31}, true},
		{"start cannot pass the end", 27, 31, false, 1, false, [2]int{27, 31}, false},
		{"end cannot pass the start", 27, 31, true, -1, false, [2]int{27, 31}, false},
		{"start at the text's start", 0, 6, false, -1, false, [2]int{0, 6}, false},
		{"end at the text's end", 48, 58, true, 1, false, [2]int{48, 58}, false},
		{"precise start", 27, 31, false, 1, true, [2]int{28, 31}, true},
		{"precise end", 27, 31, true, 1, true, [2]int{27, 32}, true},
		{"precise keeps one character", 27, 28, true, -1, true, [2]int{27, 28}, false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := newTestModel(news, 1000)
			s, e, ok := m.movedBound(tt.s, tt.e, tt.end, tt.dir, tt.precise)
			if got := [2]int{s, e}; got != tt.want || ok != tt.ok {
				t.Errorf("got %v %v want %v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

// TestMovedBoundClusters: a boundary moved by character never splits a
// grapheme cluster (a flag, an accent, a skin tone).
func TestMovedBoundClusters(t *testing.T) {
	m := newTestModel("a \U0001F1E8\U0001F1E6e\u0301\U0001F44D\U0001F3FD b", 1000)
	var ends []int
	for s, e, ok := 0, 1, true; ok; {
		ends = append(ends, e)
		s, e, ok = m.movedBound(s, e, true, 1, true)
	}
	want := []int{1, 2, 4, 6, 8, 9, 10}
	if len(ends) != len(want) {
		t.Fatalf("ends %v want %v", ends, want)
	}
	for i := range want {
		if ends[i] != want[i] {
			t.Fatalf("ends %v want %v", ends, want)
		}
	}
}
