package agree

import (
	"fmt"
	"reflect"
	"slices"
	"testing"
)

func TestAssign(t *testing.T) {
	for _, tt := range []struct{ articles, annotators, per int }{
		{30, 3, 2}, {31, 3, 2}, {100, 4, 2}, {101, 5, 3}, {7, 6, 2}, {10, 2, 2}, {12, 3, 1}, {0, 3, 2},
	} {
		t.Run(fmt.Sprintf("%d-%d-%d", tt.articles, tt.annotators, tt.per), func(t *testing.T) {
			ids := make([]int64, tt.articles)
			for i := range ids {
				ids[i] = int64(10 + i)
			}
			names := make([]string, tt.annotators)
			for i := range names {
				names[i] = string(rune('a' + i))
			}
			p, err := Assign(ids, names, tt.per, 42)
			if err != nil {
				t.Fatal(err)
			}
			for _, id := range ids {
				who := p.Articles[id]
				if len(who) != tt.per || len(slices.Compact(slices.Clone(who))) != tt.per {
					t.Fatalf("article %d: %v", id, who)
				}
			}
			if lo, hi := slices.Min(p.Count), slices.Max(p.Count); hi-lo > 1 {
				t.Errorf("counts %v differ by more than one", p.Count)
			}
			var pairs []int
			for a := range names {
				for b := a + 1; b < len(names); b++ {
					pairs = append(pairs, p.Pairs[a][b])
				}
			}
			if tt.per == 2 && len(pairs) > 0 {
				if lo, hi := slices.Min(pairs), slices.Max(pairs); hi-lo > 2 {
					t.Errorf("pair overlaps %v are not even", pairs)
				}
			}
			again, _ := Assign(ids, names, tt.per, 42)
			if !reflect.DeepEqual(p, again) {
				t.Error("the same seed gave another plan")
			}
		})
	}
	if _, err := Assign([]int64{1}, []string{"a", "b"}, 3, 1); err == nil {
		t.Error("3 per article out of 2: no error")
	}
	if _, err := Assign([]int64{1}, []string{"a", "a"}, 1, 1); err == nil {
		t.Error("a name twice: no error")
	}
}
