package annotate

import (
	"reflect"
	"testing"
)

func TestSameLabelOverlaps(t *testing.T) {
	// "Brian Nelson ... Nelson": spans over the text of the sample article.
	sp := []Span{
		{ID: 1, Start: 0, End: 12, Label: "PERSON", Annotator: "alice"},  // Brian Nelson
		{ID: 2, Start: 6, End: 12, Label: "PERSON", Annotator: "alice"},  // Nelson, inside it
		{ID: 3, Start: 6, End: 12, Label: "ORG", Annotator: "alice"},     // another label: normal
		{ID: 4, Start: 6, End: 12, Label: "PERSON", Annotator: "bob"},    // another annotator
		{ID: 5, Start: 12, End: 20, Label: "PERSON", Annotator: "alice"}, // touches, shares nothing
		{ID: 6, Start: 10, End: 15, Label: "PERSON", Annotator: "alice"}, // crosses 1, 2 and 5
	}
	want := [][2]int{{0, 1}, {0, 5}, {1, 5}, {4, 5}}
	if got := SameLabelOverlaps(sp); !reflect.DeepEqual(got, want) {
		t.Errorf("SameLabelOverlaps: got %v want %v", got, want)
	}
	if got := SameLabelOverlapping(sp, sp[1]); !reflect.DeepEqual(got, []int{0, 5}) {
		t.Errorf("SameLabelOverlapping(Nelson): got %v want [0 5]", got)
	}
	newSpan := Span{Start: 6, End: 12, Label: "ORG", Annotator: "alice"} // not stored yet: no ID
	if got := SameLabelOverlapping(sp, newSpan); !reflect.DeepEqual(got, []int{2}) {
		t.Errorf("SameLabelOverlapping(new ORG): got %v want [2]", got)
	}
	if got := SameLabelOverlaps(nil); len(got) != 0 {
		t.Errorf("no spans: %v", got)
	}
}
