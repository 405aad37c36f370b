package annotate

import (
	"strings"
	"testing"
	"unicode/utf16"
)

// offsetTexts cover every way a code point offset has gone wrong in other
// tools: ASCII, CRLF, emoji outside the BMP, flags and skin-tone sequences
// (several code points, one grapheme), CJK, combining marks, tabs, a BOM.
var offsetTexts = []struct{ name, text string }{
	{"ascii", "Canada sanctions four officials."},
	{"crlf", "Line one\r\nLine two\r\n"},
	{"emoji", "Sanctions 🚫 on 🇨🇦 and 👍🏽 today"},
	{"cjk", "加拿大制裁四名中国官员"},
	{"combining", "Cafe\u0301 Zu\u0308rich"},
	{"tabs-bom", "\ufeffTitle\tcol\n"},
	{"long-mixed", strings.Repeat("é🙂a\r\n", 200)},
	{"empty", ""},
}

func TestIndex(t *testing.T) {
	for _, tt := range offsetTexts {
		t.Run(tt.name, func(t *testing.T) {
			runes := []rune(tt.text)
			x := NewIndex(tt.text)
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
	x := NewIndex("a🙂b")
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
	x := NewIndex(text)
	n := x.Len()
	b.ResetTimer()
	for i := 0; i < b.N; i++ {
		_ = x.Byte((i * 7919) % n)
	}
}
