package app

// Scrolling of the article view: the offset, keeping a place in the text
// across re-wraps, and going back to a place.

// ScrollTo scrolls so that code point cp is in view (centred when it was
// not in view; no scrolling when it was).
func (v *ArticleView) ScrollTo(cp int) {
	li := v.m.lineOf(min(max(cp, 0), v.m.n))
	top := viewPadY + float32(li)*v.lm.lineH
	h := v.Size().Height
	if h <= 0 {
		v.setOffset(top - viewPadY)
		return
	}
	if top >= v.offset && top+v.lm.lineH <= v.offset+h {
		return
	}
	v.setOffset(top - (h-v.lm.lineH)/2)
}

// TopPlace returns where the reader is: the first code point of the top
// line in view. SetTopPlace scrolls so that the line holding cp is at the
// top (as far as the text goes), the way back to a place TopPlace gave.
func (v *ArticleView) TopPlace() int { return v.topCP() }

func (v *ArticleView) SetTopPlace(cp int) {
	v.setOffset(float32(v.m.lineOf(min(max(cp, 0), v.m.n))) * v.lm.lineH)
}

// topCP is the first code point of the top line in view.
func (v *ArticleView) topCP() int {
	li := int((v.offset) / v.lm.lineH)
	li = min(max(li, 0), len(v.m.lines)-1)
	return v.m.lines[li].start
}

// rewrap wraps for the current width, keeping the top line in view.
func (v *ArticleView) rewrap() {
	w := v.wrapWidth()
	if w == v.m.width {
		return
	}
	top := v.topCP()
	v.m.wrap(w)
	v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
	v.clampOffset()
	v.arcsRewrapped()
}

func (v *ArticleView) contentHeight() float32 {
	return 2*viewPadY + float32(len(v.m.lines))*v.lm.lineH
}

func (v *ArticleView) maxOffset() float32 {
	return max(v.contentHeight()-v.Size().Height, 0)
}

func (v *ArticleView) clampOffset() {
	v.offset = min(max(v.offset, 0), v.maxOffset())
}

func (v *ArticleView) setOffset(o float32) {
	old := v.offset
	v.offset = o
	v.clampOffset()
	if v.offset != old && v.r != nil {
		v.r.sync()
	}
}
