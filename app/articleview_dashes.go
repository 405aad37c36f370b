package app

import (
	"image"
	"image/color"
	"math"

	"fyne.io/fyne/v2"
	"fyne.io/fyne/v2/canvas"
)

// A suggestion's dashed outline is some thirty dashes, and a window of an
// article with thirty suggestions in view held some 900 rectangles: Fyne
// paints every object of the window on every frame, one OpenGL draw call
// each, so those rectangles cost more than the rest of the window
// together (under Xvfb with Mesa's software renderer: 15-150 ms a
// frame). A dashOutline draws one suggestion's dashes on a line as one
// raster, with the very pixels the rectangles gave: Fyne's painter puts a
// plain rectangle on whole device pixels, rounding its absolute position
// and its size, and the raster rounds the same figures the same way
// (TestDashPixelsMatchRectangles).

// dash is one dash of an outline, placed in its row as a rectangle would be.
type dash struct {
	pos  fyne.Position
	size fyne.Size
}

// dashOutline is the dashes of one suggestion on one line, in one colour.
type dashOutline struct {
	r      *canvas.Raster
	c      color.Color
	dashes []dash
	row    *fyne.Container // the row the outline is in
	view   *articleRenderer
}

func newDashOutline(ar *articleRenderer, row *fyne.Container) *dashOutline {
	d := &dashOutline{view: ar, row: row}
	d.r = canvas.NewRaster(d.image)
	d.r.ScaleMode = canvas.ImageScalePixels
	return d
}

// add adds the dash a rectangle at (x0, y) to (x1, y+h) would draw, with
// the row's coordinates computed as the row's rect helper computes them.
func (d *dashOutline) add(x0, y, x1, h float32) {
	d.dashes = append(d.dashes, dash{fyne.NewPos(viewPadX+x0, y), fyne.NewSize(x1-x0, h)})
}

// place sizes the raster to hold every dash, with a margin for rounding,
// in whole units so that its texture maps one to one on the screen.
func (d *dashOutline) place() {
	if len(d.dashes) == 0 {
		d.r.Hide()
		return
	}
	x0, y0 := float32(math.Inf(1)), float32(math.Inf(1))
	x1, y1 := float32(math.Inf(-1)), float32(math.Inf(-1))
	for _, s := range d.dashes {
		x0, y0 = min(x0, s.pos.X), min(y0, s.pos.Y)
		x1, y1 = max(x1, s.pos.X+s.size.Width), max(y1, s.pos.Y+s.size.Height)
	}
	bx, by := float32(math.Floor(float64(x0)))-2, float32(math.Floor(float64(y0)))-2
	d.r.Move(fyne.NewPos(bx, by))
	d.r.Resize(fyne.NewSize(float32(math.Ceil(float64(x1-bx)))+2, float32(math.Ceil(float64(y1-by)))+2))
	d.r.Show()
}

// image draws the dashes into a w×h image of device pixels, the raster's
// texture. It runs while Fyne paints (the raster's texture is made again
// whenever its row is refreshed, and the view refreshes every row it
// moves), so the absolute positions it reads are the ones painted.
func (d *dashOutline) image(w, h int) image.Image {
	img := image.NewNRGBA(image.Rect(0, 0, w, h))
	if w <= 0 || h <= 0 {
		return img
	}
	abs, scale := d.view.rowOrigin(d.row)
	// The raster's own texture scale (1, or 2 on a high-density screen)
	// beside the canvas scale: Fyne's pixel scale is their product.
	if sz := d.r.Size(); sz.Width > 0 {
		if t := float32(math.Round(float64(float32(w) / (sz.Width * scale)))); t >= 1 {
			scale *= t
		}
	}
	c := color.NRGBAModel.Convert(d.c).(color.NRGBA)
	ox, oy, _, _ := dashPixels(d.r.Position(), fyne.Size{}, abs, scale)
	for _, s := range d.dashes {
		x0, y0, x1, y1 := dashPixels(s.pos, s.size, abs, scale)
		for y := max(y0-oy, 0); y < min(y1-oy, h); y++ {
			for x := max(x0-ox, 0); x < min(x1-ox, w); x++ {
				img.SetNRGBA(x, y, c)
			}
		}
	}
	return img
}

// dashPixels returns the device pixels [x0, x1) × [y0, y1) Fyne's OpenGL
// painter fills for a plain rectangle at pos with size in a container at
// abs, at the pixel scale: it adds the position to the container's as its
// tree walk does, takes the difference back and adds it again (the
// painter's vecRectCoordsWithPad), rounds position and size apart
// (roundToPixel), then scales the ends, and its shader fills the pixels
// whose centres fall between them. With a zero size it gives the pixel a
// texture at pos starts at (roundToPixelCoords).
func dashPixels(pos fyne.Position, size fyne.Size, abs fyne.Position, scale float32) (x0, y0, x1, y1 int) {
	a := pos.Add(abs)
	dx, dy := float32(a.X-pos.X), float32(a.Y-pos.Y)
	px, py := roundToPixel(float32(pos.X+dx), scale), roundToPixel(float32(pos.Y+dy), scale)
	w, h := roundToPixel(size.Width, scale), roundToPixel(size.Height, scale)
	dev := func(v float32) int { return int(roundToPixel(float32(v*scale), 1)) }
	if size == (fyne.Size{}) {
		px, py = roundToPixel(a.X, scale), roundToPixel(a.Y, scale)
	}
	return dev(px), dev(py), dev(float32(px + w)), dev(float32(py + h))
}

// roundToPixel is Fyne's painter's rounding of a position or size to
// whole device pixels.
func roundToPixel(v, scale float32) float32 {
	if scale == 1 {
		return float32(math.Round(float64(v)))
	}
	return float32(math.Round(float64(float32(v*scale)))) / scale
}

// rowOrigin returns the absolute position of row, as Fyne's tree walk
// adds it up (the row's position plus the view's), and the canvas scale.
// The view's position is looked up once after each layout, move or
// scroll of the view.
func (r *articleRenderer) rowOrigin(row *fyne.Container) (fyne.Position, float32) {
	if !r.absOK {
		r.abs, r.scale = fyne.Position{}, 1
		if d := fyne.CurrentApp().Driver(); d != nil {
			r.abs = d.AbsolutePositionForObject(r.v)
			if c := d.CanvasForObject(r.v); c != nil {
				r.scale = c.Scale()
			}
		}
		r.absOK = true
	}
	return row.Position().Add(r.abs), r.scale
}

// Move moves the view. The outlines' textures hold the fractions of the
// view's position they were rounded with, so a move makes them again.
func (v *ArticleView) Move(p fyne.Position) {
	moved := p != v.Position()
	v.BaseWidget.Move(p)
	if moved && v.r != nil && len(v.sugg.items) > 0 {
		v.r.absOK = false
		canvas.Refresh(v)
	}
}
