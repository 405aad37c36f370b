package app

import (
	"fmt"
	"strings"
	"testing"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
	"fyne.io/fyne/v2/container"
	"fyne.io/fyne/v2/test"
	"fyne.io/fyne/v2/widget"

	"github.com/tagdesk/tagdesk/assets"
)

// shownText returns the canvas.Text a label draws.
func shownText(t *testing.T, l fyne.Widget) *canvas.Text {
	t.Helper()
	rt := test.WidgetRenderer(l).Objects()[0].(*widget.RichText)
	objs := test.WidgetRenderer(rt).Objects()
	if len(objs) != 1 {
		t.Fatalf("the label draws %d objects, want 1", len(objs))
	}
	return objs[0].(*canvas.Text)
}

// TestFitLabelCutsAsFyne: at every width from 20 to 420 px, for titles
// of the sample corpus and words of many scripts, regular and bold, a
// fitLabel draws the same text at the same place and size as
// widget.Label with an ellipsis, and asks for the same minimum size.
func TestFitLabelCutsAsFyne(t *testing.T) {
	test.NewTempApp(t)
	texts := []string{
		"Canada imposes travel ban over China (13)",
		"Côte d'Ivoire imposes export restrictions over China (12)",
		"a verylongwordwithoutspaces here", "", "x", "AVATAR Tehran Yoga — “quoted” office, baffled",
		"e\u0301te\u0301 Zürich São Ægir Москва Αθήνα", "Wang Junzheng's measures, 1,234.5% (Reuters)",
		"Beijing 北京 imposes", "🇨🇦 Canada", "القاهرة news", "tab\there",
	}
	texts = append(texts, strings.Join(measureSamples, " "))
	for _, line := range strings.Split(string(assets.SampleText), "\n") {
		if len(line) > 0 && len(line) < 300 {
			texts = append(texts, line)
		}
	}
	for _, style := range []fyne.TextStyle{{}, {Bold: true}} {
		for _, s := range texts {
			want := widget.NewLabelWithStyle(s, fyne.TextAlignLeading, style)
			want.Truncation = fyne.TextTruncateEllipsis
			got := newFitLabel("", style)
			got.SetText(s)
			w := test.NewWindow(container.NewWithoutLayout(want, got))
			for wd := float32(20); wd <= 420; wd += 3.5 {
				want.Resize(fyne.NewSize(wd, 40))
				got.Resize(fyne.NewSize(wd, 40))
				a, b := shownText(t, got), shownText(t, want)
				if a.Text != b.Text || a.Position() != b.Position() || a.Size() != b.Size() {
					t.Errorf("%v %q at %v px: drew %q at %v size %v, want %q at %v size %v",
						style, s, wd, a.Text, a.Position(), a.Size(), b.Text, b.Position(), b.Size())
				}
			}
			if got.MinSize() != want.MinSize() {
				t.Errorf("%v %q: min size %v, want %v", style, s, got.MinSize(), want.MinSize())
			}
			w.Close()
		}
	}
}

// BenchmarkTitleLabel: a title label given a new text (as an article
// opens) and laid out at a new width (as the window is resized), Fyne's
// widget.Label with an ellipsis beside fitLabel.
func BenchmarkTitleLabel(b *testing.B) {
	titles := []string{
		"Canada imposes travel ban over China (13)",
		"Côte d'Ivoire imposes export restrictions over China (12)",
		"the United Kingdom imposes an asset freeze over Xinjiang (11)",
	}
	for _, kind := range []string{"widget.Label", "fitLabel"} {
		b.Run(kind, func(b *testing.B) {
			test.NewTempApp(b)
			var l fyne.Widget
			var set func(string)
			if kind == "fitLabel" {
				f := newFitLabel("", fyne.TextStyle{})
				l, set = f, f.SetText
			} else {
				f := widget.NewLabel("")
				f.Truncation = fyne.TextTruncateEllipsis
				l, set = f, f.SetText
			}
			w := test.NewWindow(l)
			defer w.Close()
			b.Run("text", func(b *testing.B) {
				l.Resize(fyne.NewSize(240, 40))
				for i := 0; b.Loop(); i++ {
					set(fmt.Sprintf("%s %d", titles[i%len(titles)], i)) // a new text each time
				}
			})
			b.Run("resize", func(b *testing.B) {
				set(titles[1])
				for i := 0; b.Loop(); i++ {
					l.Resize(fyne.NewSize(float32(200+i%100), 40))
				}
			})
		})
	}
}
