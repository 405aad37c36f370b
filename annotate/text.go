package annotate

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"unicode/utf8"
)

// TextID returns the stable id given to an article that comes without one:
// the first 16 hex digits of the SHA-256 of its text.
func TextID(text string) string {
	h := sha256.Sum256([]byte(text))
	return hex.EncodeToString(h[:8])
}

// TitleOf returns the first non-empty line of text, trimmed, at most 200
// code points.
func TitleOf(text string) string {
	for len(text) > 0 {
		i := bytes.IndexByte([]byte(text), '\n')
		line := text
		if i >= 0 {
			line, text = text[:i], text[i+1:]
		} else {
			text = ""
		}
		line = string(bytes.TrimSpace([]byte(line)))
		line = string(bytes.TrimPrefix([]byte(line), []byte("\ufeff")))
		if line != "" {
			if utf8.RuneCountInString(line) > 200 {
				line = string([]rune(line)[:200])
			}
			return line
		}
	}
	return ""
}
