package app

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"

	"github.com/tagdesk/tagdesk/annotate"
)

// bigSchemaNames are 40 labels as a real project has them.
var bigSchemaNames = strings.Fields(`PERSON ORG MEASURE JURISDICTION GPE LOC FAC NORP EVENT
	LAW DATE TIME MONEY PERCENT QUANTITY VESSEL AIRCRAFT VEHICLE WEAPON BANK
	COMPANY MINISTRY COURT ARMY PARTY MEDIA PRODUCT COMMODITY SECTOR TREATY
	ROLE TITLE ADDRESS EMAIL PHONE ACCOUNT IDENTIFIER CASE PENALTY SOURCE`)

// bigSchema has 40 labels: keys 1-9 on the first nine, none on the rest.
func bigSchema(t *testing.T) *annotate.Schema {
	t.Helper()
	var b strings.Builder
	for i, n := range bigSchemaNames {
		key := ""
		if i < 9 {
			key = fmt.Sprint(i + 1)
		}
		fmt.Fprintf(&b, "[[labels]]\nname = %q\nkey = %q\ncolor = \"#%02x%02x80\"\ndescription = \"label %d\"\n", n, key, i*6, 255-i*6, i)
	}
	s, err := annotate.ParseSchema("big.toml", []byte(b.String()))
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func TestLabelKeys40(t *testing.T) {
	keys := labelKeys(bigSchema(t))
	seen := map[string]string{}
	for i, n := range bigSchemaNames {
		k := keys[n]
		if i < 9 && k != fmt.Sprint(i+1) {
			t.Errorf("%s: key %q, want %d", n, k, i+1)
		}
		if i >= 9 && (len(k) != 2 || k[0] != '0') {
			t.Errorf("%s: key %q, want a chord 0x", n, k)
		}
		if other, ok := seen[k]; ok {
			t.Errorf("%s and %s share key %q", n, other, k)
		}
		seen[k] = n
	}
	if keys["LAW"] != "0l" || keys["VESSEL"] != "0v" || keys["VEHICLE"] != "0e" {
		t.Errorf("mnemonic chords: LAW %q VEHICLE %q VESSEL %q", keys["LAW"], keys["VEHICLE"], keys["VESSEL"])
	}
}

func TestMatchLabels(t *testing.T) {
	s := bigSchema(t)
	keys := labelKeys(s)
	names := func(ix []int) string {
		var out []string
		for _, i := range ix {
			out = append(out, s.Labels[i].Name)
		}
		return strings.Join(out, " ")
	}
	tests := []struct{ in, want string }{
		{"jur", "JURISDICTION"},
		{"per", "PERSON PERCENT"},
		{"pny", "COMPANY PENALTY"}, // letters in order
		{"0v", "VESSEL"},
		{"ship", ""},
		{"label 39", "SOURCE"},
		{"com", "COMPANY COMMODITY"},
	}
	for _, tt := range tests {
		if got := names(matchLabels(s.Labels, keys, tt.in)); got != tt.want {
			t.Errorf("%q: got %q want %q", tt.in, got, tt.want)
		}
	}
	if n := len(matchLabels(s.Labels, keys, "")); n != 40 {
		t.Errorf("empty filter: %d labels, want 40", n)
	}
}

func TestFortyLabels(t *testing.T) {
	m := newMemStore(art1)
	m.schema = bigSchema(t)
	u := newTestUI(t, m)
	u.win.Resize(fyne.NewSize(900, 600))
	if n := len(u.form.buttons.Objects); n != 41 {
		t.Fatalf("%d buttons, want 40 labels and the palette's", n)
	}
	if got := u.form.buttons.Objects[17].(*fyne.Container).Objects[1].(interface{ MinSize() fyne.Size }); got == nil {
		t.Fatal("no button")
	}
	// The buttons scroll in part of the form; the fields keep the rest.
	fl := u.form.obj.(*fyne.Container)
	bs, fs := fl.Objects[0].(*container.Scroll), fl.Objects[1]
	if bs.Size().Height > fl.Size().Height*buttonsShare+1 || fs.Size().Height < fl.Size().Height/2-10 {
		t.Errorf("form %v: buttons %v, fields %v", fl.Size(), bs.Size(), fs.Size())
	}
	if bs.Content.MinSize().Height <= bs.Size().Height {
		t.Errorf("40 buttons fit in %v: they should scroll", bs.Size())
	}

	// A chord: 0 then the label's key.
	u.view.SetSelection(0, 6)
	test.Type(u.view, "0")
	u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyL}) // a real keyboard sends the key, then the character
	test.Type(u.view, "l")
	settle(t, u)
	if got := stored(t, m, 1); got != "LAW[0,6)" {
		t.Fatalf("after 0 l: %q", got)
	}

	// Esc drops a chord.
	test.Type(u.view, "0")
	u.view.TypedKey(&fyne.KeyEvent{Name: fyne.KeyEscape})
	test.Type(u.view, "e")
	if u.chord {
		t.Fatal("Esc did not drop the chord")
	}

	// The palette: / opens it, typed keys filter and do not label.
	u.view.SetSelection(27, 40)
	u.selected(27, 40)
	test.Type(u.view, "/")
	if !u.palette.visible() || u.win.Canvas().Focused() != u.palette.entry {
		t.Fatal("/ did not open the palette with the keyboard in it")
	}
	test.TypeOnCanvas(u.win.Canvas(), "pe1")
	if got := stored(t, m, 1); got != "LAW[0,6)" {
		t.Fatalf("keys leaked from the palette to the text: %q", got)
	}
	c := u.win.Canvas()
	c.Unfocus() // a click on the palette, outside a row
	test.TypeOnCanvas(c, "1/")
	test.Tap(u.palette.pop.Content.(*paletteBox))
	if c.Focused() != u.palette.entry || stored(t, m, 1) != "LAW[0,6)" {
		t.Fatalf("a click in the palette: focus %T, spans %q", c.Focused(), stored(t, m, 1))
	}
	u.palette.entry.SetText("per")
	key := func(k fyne.KeyName) { u.win.Canvas().Focused().TypedKey(&fyne.KeyEvent{Name: k}) }
	key(fyne.KeyDown)
	key(fyne.KeyReturn)
	settle(t, u)
	if u.palette.visible() || u.win.Canvas().Focused() != u.view {
		t.Fatal("Enter did not close the palette and give the text back the keyboard")
	}
	if got := stored(t, m, 1); got != "LAW[0,6); PERCENT[27,40)" {
		t.Fatalf("after / per Down Enter: %q", got)
	}

	// The chosen span (the new one) is relabelled from the palette.
	if sp, ok := u.pickedSpan(); !ok || sp.Label != "PERCENT" {
		t.Fatalf("picked %+v", sp)
	}
	test.Type(u.view, "/")
	test.TypeOnCanvas(u.win.Canvas(), "persn")
	key(fyne.KeyEnter)
	settle(t, u)
	if got := stored(t, m, 1); got != "LAW[0,6); PERSON[27,40)" {
		t.Fatalf("relabel from the palette: %q", got)
	}

	// Esc closes it and changes nothing; a click on a row applies it.
	test.Type(u.view, "/")
	key(fyne.KeyEscape)
	if u.palette.visible() {
		t.Fatal("Esc did not close the palette")
	}
	test.Type(u.view, "/")
	u.palette.entry.SetText("s")
	if u.palette.cur != 0 || len(u.palette.shown) < 2 {
		t.Fatalf("filter s: %d rows, row %d chosen", len(u.palette.shown), u.palette.cur)
	}
	test.Tap(rowOf(t, u, "SOURCE"))
	settle(t, u)
	if got := stored(t, m, 1); got != "LAW[0,6); SOURCE[27,40)" {
		t.Fatalf("click in the palette: %q", got)
	}
	if !slices.ContainsFunc(u.keySheet(), func(r [2]string) bool { return r[0] == "0e" && strings.Contains(r[1], "VEHICLE") }) {
		t.Error("the keyboard sheet does not show VEHICLE's chord")
	}
}

// rowOf returns the palette's row that shows label name.
func rowOf(t *testing.T, u *UI, name string) *paletteRow {
	t.Helper()
	var found *paletteRow
	walkObjects(u.palette.list, func(o fyne.CanvasObject) {
		if x, ok := o.(*paletteRow); ok && x.row < len(u.palette.shown) && u.schema.Labels[u.palette.shown[x.row]].Name == name {
			found = x
		}
	})
	if found == nil {
		t.Fatalf("no palette row shows %s", name)
	}
	return found
}
