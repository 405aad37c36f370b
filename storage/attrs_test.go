package storage

import (
	"reflect"
	"testing"
)

func TestAttrsCache(t *testing.T) {
	c := attrsCache{}
	for i := 0; i < 3; i++ {
		m, err := c.parse(`{"role":"imposing","x":"\u00e9"}`)
		if err != nil {
			t.Fatal(err)
		}
		if want := map[string]string{"role": "imposing", "x": "é"}; !reflect.DeepEqual(m, want) {
			t.Fatalf("got %v want %v", m, want)
		}
		m["role"] = "changed" // each span's map is its own
	}
	if m, err := c.parse("{}"); m != nil || err != nil {
		t.Errorf("{}: got %v, %v; want nil", m, err)
	}
	if _, err := c.parse(`{"role":1}`); err == nil {
		t.Error("a number accepted as an attribute value")
	}
	if _, err := c.parse(`{"a":"1","a":"2"}`); err == nil {
		t.Error("a duplicate key accepted")
	}
}
