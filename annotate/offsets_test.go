package annotate_test

import (
	"github.com/tagdesk/tagdesk/annotate"
	"github.com/tagdesk/tagdesk/annotate/storetest"
	"strings"
	"testing"
	"unicode/utf16"
)

func TestIndex(t *testing.T) {
	for _, tt := range storetest.Texts {
		t.Run(tt.Name, func(t *testing.T) {
			runes := []rune(tt.Text)
			x := annotate.NewIndex(tt.Text)
			if x.Len() != len(runes) {
				t.Fatalf("Len: got %d want %d", x.Len(), len(runes))
			}
			if want := len(utf16.Encode(runes)); x.LenUTF16() != want {
				t.Fatalf("LenUTF16: got %d want %d", x.LenUTF16(), want)
			}
			b, u := 0, 0
			for cp := 0; cp <= len(runes); cp++ {
				if got := x.Byte(cp); got != b {
					t.Fatalf("Byte(%d): got %d want %d", cp, got, b)
				}
				if got := x.Rune(b); got != cp {
					t.Fatalf("Rune(%d): got %d want %d", b, got, cp)
				}
				if got := x.UTF16(cp); got != u {
					t.Fatalf("UTF16(%d): got %d want %d", cp, got, u)
				}
				if got, ok := x.FromUTF16(u); !ok || got != cp {
					t.Fatalf("FromUTF16(%d): got %d, %v want %d, true", u, got, ok, cp)
				}
				if cp < len(runes) {
					if runes[cp] > 0xFFFF {
						if _, ok := x.FromUTF16(u + 1); ok {
							t.Fatalf("FromUTF16(%d) inside a surrogate pair: got ok", u+1)
						}
						u++
					}
					b += len(string(runes[cp]))
					u++
				}
			}
			for s := 0; s < len(runes); s += 7 {
				e := min(s+5, len(runes))
				if got, want := x.Slice(s, e), string(runes[s:e]); got != want {
					t.Fatalf("Slice(%d,%d): got %q want %q", s, e, got, want)
				}
			}
		})
	}
}

func TestIndexOutOfRange(t *testing.T) {
	x := annotate.NewIndex("a🙂b")
	if _, ok := x.FromUTF16(-1); ok {
		t.Error("FromUTF16(-1): got ok")
	}
	if _, ok := x.FromUTF16(5); ok {
		t.Error("FromUTF16(5) past the end: got ok")
	}
	if got := x.Byte(99); got != len("a🙂b") {
		t.Errorf("Byte(99): got %d want %d", got, len("a🙂b"))
	}
}

func BenchmarkIndexByte(b *testing.B) {
	text := strings.Repeat("Zürich sanctions 🇨🇦 officials. ", 4000)
	x := annotate.NewIndex(text)
	n := x.Len()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = x.Byte((i * 7919) % n)
	}
}

// FuzzIndex: the index counts code points and UTF-16 units as decoding
// the text rune by rune does, and finds each code point's byte.
func FuzzIndex(f *testing.F) {
	for _, tt := range storetest.Texts {
		f.Add(tt.Text)
	}
	f.Fuzz(func(t *testing.T, text string) {
		text = strings.ToValidUTF8(text, "\uFFFD")
		x := annotate.NewIndex(text)
		runes := []rune(text)
		if x.Len() != len(runes) || x.LenUTF16() != len(utf16.Encode(runes)) || x.BMP() != (len(utf16.Encode(runes)) == len(runes)) {
			t.Fatalf("Len %d, LenUTF16 %d, BMP %v for %q", x.Len(), x.LenUTF16(), x.BMP(), text)
		}
		b := 0
		for cp, r := range runes {
			if got := x.Byte(cp); got != b {
				t.Fatalf("Byte(%d) = %d, want %d", cp, got, b)
			}
			b += len(string(r))
		}
	})
}
