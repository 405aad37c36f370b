package app

// Moving one end of a span: by word, or by grapheme cluster in precise
// mode, never leaving the span empty.

// movedBound returns span [s, e) with one end moved one step: its start
// (end false) or its end, left (dir < 0) or right. By word, a start goes
// to the start of a word and an end to the end of one (spaces and
// punctuation skipped); precise, either moves by one grapheme cluster.
// ok is false when the span would not change or would become empty.
func (m *viewModel) movedBound(s, e int, end bool, dir int, precise bool) (int, int, bool) {
	ns, ne := s, e
	switch {
	case precise && !end && dir < 0:
		ns = m.prevCluster(s)
	case precise && !end:
		ns = m.nextCluster(s)
	case precise && dir < 0:
		ne = m.prevCluster(e)
	case precise:
		ne = m.nextCluster(e)
	case !end && dir < 0:
		ns = m.prevWord(s)
	case !end:
		ns = m.nextWordStart(s)
	case dir < 0:
		ne = m.prevWordEnd(e)
	default:
		ne = m.nextWord(e)
	}
	if ns < 0 || ne > m.n || ns >= ne || (ns == s && ne == e) {
		return s, e, false
	}
	return ns, ne, true
}

// nextWordStart returns the start of the first word that starts after cp
// (m.n if none); prevWordEnd the end of the last word that ends before cp
// (0 if none).
func (m *viewModel) nextWordStart(cp int) int {
	if sg, ok := m.wordAfter(cp, func(sg segment) bool { return sg.start > cp }); ok {
		return sg.start
	}
	return m.n
}

func (m *viewModel) prevWordEnd(cp int) int {
	if sg, ok := m.wordBefore(cp, func(sg segment) bool { return sg.end < cp }); ok {
		return sg.end
	}
	return 0
}
