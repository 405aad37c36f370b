package storetest

import "strings"

// Texts cover every way a code point offset has gone wrong in other
// tools: ASCII, CRLF, emoji outside the BMP, flags and skin-tone sequences
// (several code points, one grapheme), CJK, combining marks, tabs, a BOM.
// Stores keep them byte for byte; formats and offsets are tested on them.
var Texts = []struct{ Name, Text string }{
	{"ascii", "Canada sanctions four officials."},
	{"crlf", "Line one\r\nLine two\r\n"},
	{"emoji", "Sanctions 🚫 on 🇨🇦 and 👍🏽 today"},
	{"cjk", "加拿大制裁四名中国官员"},
	{"combining", "Cafe\u0301 Zu\u0308rich"},
	{"tabs-bom", "\ufeffTitle\tcol\n"},
	{"long-mixed", strings.Repeat("é🙂a\r\n", 200)},
	{"empty", ""},
}
