package app

import (
	"cmp"
	"math"
	"slices"
)

// legGap is the distance between the legs of arcs that meet at one span:
// an arrowhead's width and a pixel, so that two heads never touch.
const legGap = 9

// arcLeg is one leg of an arc of a line, for spreadLegs.
type arcLeg struct {
	seg    int
	head   bool
	x      float32 // where it stands before spreadLegs
	w      float32 // the width of its span on the line
	toward float32 // the x of the arc's other end (±Inf: off the line)
}

// spreadLegs moves apart the legs of a line's arcs that meet at one span,
// as brat does, so that each arc keeps a leg of its own. At a span, the
// arcs to its left stand left of those to its right, and the longer of
// two arcs stands outside the shorter, which takes the lower level: no
// leg crosses an arc. The legs stay within the span (closer together in a
// narrow one). The arcs' horizontal parts follow their legs.
func spreadLegs(segs []arcSeg, legs []arcLeg) []arcLeg {
	legs = legs[:0]
	for i := range segs {
		s := &segs[i]
		other := func(x float32) float32 {
			switch {
			case s.edge < 0:
				return float32(math.Inf(-1))
			case s.edge > 0:
				return float32(math.Inf(1))
			}
			return x
		}
		if s.headX >= 0 {
			legs = append(legs, arcLeg{i, true, s.headX, s.headW, other(s.tailX)})
		}
		if s.tailX >= 0 {
			legs = append(legs, arcLeg{i, false, s.tailX, s.tailW, other(s.headX)})
		}
	}
	slices.SortFunc(legs, func(a, b arcLeg) int {
		if c := cmp.Compare(a.x, b.x); c != 0 {
			return c
		}
		ar, br := a.toward >= a.x, b.toward >= b.x // runs right
		switch {
		case ar != br:
			if br {
				return -1
			}
			return 1
		case a.toward != b.toward:
			// Left: the nearer first; right: the farther first.
			return cmp.Compare(b.toward, a.toward)
		case ar:
			return cmp.Compare(b.seg, a.seg) // the same two spans: the later arc outside
		}
		return cmp.Compare(a.seg, b.seg)
	})
	for i := 0; i < len(legs); {
		j := i + 1
		for j < len(legs) && legs[j].x == legs[i].x {
			j++
		}
		if k := float32(j - i); k > 1 {
			gap := min(legGap, max(legs[i].w-2, 0)/(k-1))
			for n := i; n < j; n++ {
				x := legs[i].x + (float32(n-i)-(k-1)/2)*gap
				if s := &segs[legs[n].seg]; legs[n].head {
					s.headX = x
				} else {
					s.tailX = x
				}
			}
		}
		i = j
	}
	for i := range segs {
		s := &segs[i]
		leg := max(s.headX, s.tailX) // the one on the line, for an arc off it
		switch {
		case s.edge == 0:
			s.x0, s.x1 = min(s.headX, s.tailX), max(s.headX, s.tailX)
		case s.edge > 0:
			s.x0 = leg
		default:
			s.x1 = leg
		}
	}
	return legs
}
