package app

// How many arc levels the view gives every line: the most any line needs
// for its arcs not to cross (placeArcs), at most maxArcLevels. Lines
// differ, and the line height is one for all, so the view keeps what
// each line with arcs needs and how many lines need each number of
// levels: a relation added or removed lays out its two lines again, not
// the article. A re-wrap (a resize, another text size) moves arcs between
// lines: the counts are made again.

// arcNeeds is the levels each line with arcs needs.
type arcNeeds struct {
	width float32               // the wrap width they were counted at
	size  float32               // and the text size
	line  map[int]int           // line → levels it needs (1..maxArcLevels)
	count [maxArcLevels + 1]int // how many lines need each number of levels
}

// relationLines returns the lines of r's ends.
func (v *ArticleView) relationLines(r ViewRelation) []int {
	return []int{v.m.lineOf(r.HeadAt[0]), v.m.lineOf(r.TailAt[0])}
}

// lineNeed is the levels line li needs; ends is how many arc ends it has.
func (v *ArticleView) lineNeed(li, ends int) int {
	switch {
	case ends == 0:
		return 0
	case ends == 1:
		return 1
	}
	need := 1
	for _, s := range v.lineArcs(li, maxArcLevels) {
		need = max(need, s.level+1)
	}
	return need
}

// relevelAll counts what every line needs.
func (v *ArticleView) relevelAll() {
	a := &v.arcs
	a.need = arcNeeds{width: v.m.width, size: v.lm.size, line: map[int]int{}}
	for i := 0; i < len(a.ends); {
		li := v.m.lineOf(a.ends[i].cp)
		next := v.lineEnd(li)
		j := i
		for j < len(a.ends) && a.ends[j].cp < next {
			j++
		}
		n := v.lineNeed(li, j-i)
		a.need.line[li] = n
		a.need.count[n]++
		i = j
	}
	v.setLevels()
}

// relevel counts again what lines need after a change of their arcs.
func (v *ArticleView) relevel(lines []int) {
	a := &v.arcs
	if a.need.line == nil || a.need.width != v.m.width || a.need.size != v.lm.size {
		v.relevelAll()
		return
	}
	for k, li := range lines {
		if k > 0 && lines[k-1] == li {
			continue
		}
		a.need.count[a.need.line[li]]--
		l := v.m.lines[li]
		i := sortSearchEnds(a.ends, l.start)
		j := sortSearchEnds(a.ends, v.lineEnd(li))
		n := v.lineNeed(li, j-i)
		if n == 0 {
			delete(a.need.line, li)
		} else {
			a.need.line[li] = n
		}
		a.need.count[n]++
	}
	v.setLevels()
}

// sortSearchEnds is the index of the first end at or after cp.
func sortSearchEnds(ends []arcEnd, cp int) int {
	lo, hi := 0, len(ends)
	for lo < hi {
		m := (lo + hi) / 2
		if ends[m].cp < cp {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// setLevels gives every line the room the neediest line needs; when that
// changes every row is drawn again at the new line height, the top line
// kept in view.
func (v *ArticleView) setLevels() {
	levels := 0
	for n := maxArcLevels; n > 0; n-- {
		if v.arcs.need.count[n] > 0 {
			levels = n
			break
		}
	}
	if p := v.arcs.preview; p != nil {
		// Room for the arc being drawn above those of its lines, so that
		// it never hides one (a second relation between the same spans).
		for _, li := range v.relationLines(*p) {
			for _, s := range v.lineArcs(li, maxArcLevels) {
				levels = max(levels, s.level+1)
			}
		}
		levels = min(levels, maxArcLevels)
	}
	if levels == v.arcs.levels {
		return
	}
	top := v.topCP()
	v.arcs.levels = levels
	if v.updateMetrics() {
		v.offset = float32(v.m.lineOf(top)) * v.lm.lineH
		v.redrawAll()
	}
}

// arcsRewrapped counts the levels again after the lines changed.
func (v *ArticleView) arcsRewrapped() {
	if len(v.arcs.rels) > 0 {
		v.relevelAll()
	}
}
