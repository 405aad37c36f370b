package app

// Keys of the article view: label keys, caret moves and selection by
// keyboard, boundary keys of the picked span, copy and select all.

import (
	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/driver/desktop"
)

// TypedRune sends the label keys 1-9 to OnLabelKey, other characters
// to OnRune.
func (v *ArticleView) TypedRune(r rune) {
	if r >= '1' && r <= '9' && v.OnLabelKey != nil {
		v.OnLabelKey(string(r))
	} else if v.OnRune != nil {
		v.OnRune(r)
	}
}

// KeyDown tracks Shift, which extends selections.
func (v *ArticleView) KeyDown(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftKey = true
	}
}

// KeyUp tracks Shift.
func (v *ArticleView) KeyUp(ev *fyne.KeyEvent) {
	if ev.Name == desktop.KeyShiftLeft || ev.Name == desktop.KeyShiftRight {
		v.shiftKey = false
	}
}

// TypedKey moves the caret, scrolls, deletes and clears; it passes other
// keys to OnKey.
func (v *ArticleView) TypedKey(ev *fyne.KeyEvent) {
	if v.relationKey(ev.Name) {
		return
	}
	switch ev.Name {
	case fyne.KeyLeft, fyne.KeyRight, fyne.KeyUp, fyne.KeyDown, fyne.KeyHome, fyne.KeyEnd:
		v.move(ev.Name, v.shiftKey, false)
	case fyne.KeyPageUp:
		v.setOffset(v.offset - (v.Size().Height - v.lm.lineH))
	case fyne.KeyPageDown:
		v.setOffset(v.offset + (v.Size().Height - v.lm.lineH))
	case fyne.KeyDelete, fyne.KeyBackspace:
		if v.OnDelete != nil {
			v.OnDelete()
		}
	case fyne.KeyEscape:
		if v.selS != v.selE {
			v.setRaw(v.m.caret, v.m.caret, true)
		} else if v.OnKey != nil {
			v.OnKey(ev.Name)
		}
	default:
		if v.OnKey != nil {
			v.OnKey(ev.Name)
		}
	}
}

// move moves the caret for a key; extend keeps the anchor; byWord moves
// Left/Right by word and Home/End to the text's ends.
func (v *ArticleView) move(key fyne.KeyName, extend, byWord bool) {
	m := v.m
	c := m.caret
	if !extend && v.selS != v.selE {
		switch key {
		case fyne.KeyLeft:
			v.goalX = -1
			v.setRaw(v.selS, v.selS, true)
			v.ScrollTo(v.selS)
			return
		case fyne.KeyRight:
			v.goalX = -1
			v.setRaw(v.selE, v.selE, true)
			v.ScrollTo(v.selE)
			return
		}
	}
	switch key {
	case fyne.KeyLeft:
		if byWord {
			c = m.prevWord(c)
		} else {
			c = m.prevCluster(c)
		}
	case fyne.KeyRight:
		if byWord {
			c = m.nextWord(c)
		} else {
			c = m.nextCluster(c)
		}
	case fyne.KeyUp, fyne.KeyDown:
		li := m.lineOf(c)
		if v.goalX < 0 {
			v.goalX = m.xOf(li, c)
		}
		if key == fyne.KeyUp && li > 0 {
			c = m.hit(li-1, v.goalX, true)
		} else if key == fyne.KeyDown && li+1 < len(m.lines) {
			c = m.hit(li+1, v.goalX, true)
		}
	case fyne.KeyHome:
		if byWord {
			c = 0
		} else {
			c = m.lines[m.lineOf(c)].start
		}
	case fyne.KeyEnd:
		if byWord {
			c = m.n
		} else {
			c = m.lines[m.lineOf(c)].end
		}
	}
	if key != fyne.KeyUp && key != fyne.KeyDown {
		v.goalX = -1
	}
	if extend {
		v.setRaw(m.anchor, c, true)
	} else {
		v.setRaw(c, c, true)
	}
	v.ScrollTo(c)
}

// TypedShortcut handles word moves (Ctrl/Cmd or Alt with arrows, Shift to
// extend; Alt+arrows go to OnBoundKey first), Ctrl+Home/End, copy and
// select all; it forwards the rest to OnShortcut.
func (v *ArticleView) TypedShortcut(s fyne.Shortcut) {
	switch sc := s.(type) {
	case *desktop.CustomShortcut:
		mod := sc.Modifier &^ fyne.KeyModifierShift
		extend := sc.Modifier&fyne.KeyModifierShift != 0
		if mod == fyne.KeyModifierAlt && (sc.KeyName == fyne.KeyLeft || sc.KeyName == fyne.KeyRight) && v.OnBoundKey != nil {
			dir := 1
			if sc.KeyName == fyne.KeyLeft {
				dir = -1
			}
			if v.OnBoundKey(extend, dir) {
				return
			}
		}
		if mod == fyne.KeyModifierShortcutDefault || mod == fyne.KeyModifierAlt {
			switch sc.KeyName {
			case fyne.KeyLeft, fyne.KeyRight, fyne.KeyHome, fyne.KeyEnd:
				v.move(sc.KeyName, extend, true)
				return
			}
		}
	case *fyne.ShortcutCopy:
		if v.selS != v.selE {
			fyne.CurrentApp().Clipboard().SetContent(v.m.idx.Slice(v.selS, v.selE))
			return
		}
	case *fyne.ShortcutSelectAll:
		v.setRaw(0, v.m.n, true)
		return
	}
	if v.OnShortcut != nil {
		v.OnShortcut(s)
	}
}
