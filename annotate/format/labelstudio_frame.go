package format

// Framing the tasks of a Label Studio export: a fast path that finds
// each task by its brackets, and the hand-over to json.Decoder.

import (
	"bytes"
	"encoding/json"
	"io"
	"sort"
	"strings"
)

// The decoder frames the tasks of the array itself (fastTask), which is
// several times faster than json.Decoder, as long as the file looks as
// expected: "[", tasks that are objects separated by commas, "]", white
// space. At anything else it hands over to a json.Decoder (slowDecoder)
// from the end of the last task, so that every error reads as before.

// fastTask reads the next task into d.queue, or the end of the array. done
// is false when it has handed over to the json.Decoder, which then reads
// from the same place.
func (d *LabelStudioDecoder) fastTask() (done bool, err error) {
	d.replay = d.replay[:0]
	d.replayNL = 0
	if d.fstate == 0 {
		if c, ok := d.fastSkipWS(); !ok || c != '[' {
			return false, d.slowDecoder()
		}
		d.fastTake(1)
		d.fstate = 1
		d.nl = d.nl[:0] // lineTracker keeps every newline until the first task
		for i, c := range d.replay {
			if c == '\n' {
				d.nl = append(d.nl, d.off+int64(i))
			}
		}
		d.checkpoint()
	}
	c, ok := d.fastSkipWS()
	if !ok {
		return false, d.slowDecoder()
	}
	commaEnd := 0
	if c == ',' && d.fstate == 2 {
		d.fastTake(1)
		commaEnd = len(d.replay)
		if c, ok = d.fastSkipWS(); !ok {
			return false, d.slowDecoder()
		}
	} else if c == ']' {
		d.fastTake(1)
		if _, ok = d.fastSkipWS(); ok || d.ioErr != nil {
			return false, d.slowDecoder() // data after the end
		}
		d.finish()
		return true, nil
	} else if d.fstate == 2 {
		return false, d.slowDecoder()
	}
	if c != '{' {
		return false, d.slowDecoder()
	}
	line := d.lines + d.replayNL + 1
	start := len(d.replay)
	scanned := int64(len(d.replay) - commaEnd) // json.Decoder scans the white space after a comma
	if !d.fastValue() {
		return false, d.slowDecoder()
	}
	raw := d.replay[start:]
	task := &lsTask{}
	if !fastLSTask(raw, task) {
		if !json.Valid(raw) {
			return false, d.slowDecoder()
		}
		task = nil
	}
	if d.fstate == 1 {
		scanned = 0 // white space after "[" is not scanned
	}
	d.scanned += scanned + int64(len(raw))
	// lineTracker keeps the newlines from the start of the last task on
	d.nl, d.nlBase = d.nl[:0], line-1
	for i, c := range raw {
		if c == '\n' {
			d.nl = append(d.nl, d.off+int64(start+i))
		}
	}
	d.fstate = 2
	d.checkpoint()
	return true, d.task(raw, line, task)
}

// checkpoint marks the place the json.Decoder would start from.
func (d *LabelStudioDecoder) checkpoint() {
	d.off += int64(len(d.replay))
	d.lines += d.replayNL
	d.replay = d.replay[:0]
	d.replayNL = 0
}

// fastSkipWS takes JSON white space and peeks at the byte after it; ok is
// false at the end of the input or on an error.
func (d *LabelStudioDecoder) fastSkipWS() (byte, bool) {
	for {
		buf, err := d.br.Peek(1)
		if err != nil {
			if err != io.EOF {
				d.ioErr = err
			}
			return 0, false
		}
		switch c := buf[0]; c {
		case ' ', '\t', '\r', '\n':
			d.fastTake(1)
		default:
			return c, true
		}
	}
}

// fastTake moves n buffered bytes to d.replay.
func (d *LabelStudioDecoder) fastTake(n int) {
	buf, _ := d.br.Peek(n)
	d.replay = append(d.replay, buf...)
	d.replayNL += bytes.Count(buf, []byte{'\n'})
	d.br.Discard(n)
}

// fastValue moves the object or array that starts at the next byte to
// d.replay, finding its end by its brackets outside strings; false at the
// end of the input first.
func (d *LabelStudioDecoder) fastValue() bool {
	depth, inStr, esc := 0, false, false
	for {
		buf, err := d.br.Peek(d.br.Buffered())
		if len(buf) == 0 {
			if buf, err = d.br.Peek(1); err != nil {
				if err != io.EOF {
					d.ioErr = err
				}
				return false
			}
			buf, _ = d.br.Peek(d.br.Buffered())
		}
		for i, c := range buf {
			switch {
			case inStr:
				if esc {
					esc = false
				} else if c == '\\' {
					esc = true
				} else if c == '"' {
					inStr = false
				}
			case c == '"':
				inStr = true
			case c == '{' || c == '[':
				depth++
			case c == '}' || c == ']':
				depth--
				if depth == 0 {
					d.fastTake(i + 1)
					return true
				}
			}
		}
		d.fastTake(len(buf))
	}
}

// slowDecoder hands over to a json.Decoder that reads what fastTask took
// since its last checkpoint and then the rest of the input, in the state
// fastTask was in: before the array, after "[", or after a task. What
// came before the checkpoint it reads as white space, "[" and (after a
// task) one object of blanks, laid out so that the decoder's offsets are
// the file's and the byte count of its scanner is what it would have
// been: json.Decoder gives a syntax error that count as the offset, and
// the line of the error comes from it. Errors only take this path.
func (d *LabelStudioDecoder) slowDecoder() error {
	rs := []io.Reader{}
	if d.fstate > 0 {
		pad := d.off - 1 - d.scanned
		rs = append(rs, &spaceReader{n: pad}, strings.NewReader("["))
		if d.fstate == 2 {
			rs = append(rs, strings.NewReader("{"), &spaceReader{n: d.scanned - 2}, strings.NewReader("}"))
		}
	}
	rs = append(rs, bytes.NewReader(d.replay))
	if d.ioErr != nil {
		rs = append(rs, errReader{d.ioErr})
	} else {
		rs = append(rs, d.br)
	}
	r := io.MultiReader(rs...)
	d.lt = &lineTracker{r: r, base: d.nlBase, nl: append([]int64(nil), d.nl...)}
	d.dec = json.NewDecoder(d.lt)
	if d.fstate > 0 {
		d.started = true
		if _, err := d.dec.Token(); err != nil {
			return d.syntaxErr(err)
		}
	}
	if d.fstate == 2 {
		var zero json.RawMessage
		if err := d.dec.Decode(&zero); err != nil {
			return d.syntaxErr(err)
		}
	}
	return nil
}

// spaceReader reads n spaces.
type spaceReader struct{ n int64 }

func (r *spaceReader) Read(p []byte) (int, error) {
	if r.n <= 0 {
		return 0, io.EOF
	}
	p = p[:min(int64(len(p)), r.n)]
	for i := range p {
		p[i] = ' '
	}
	r.n -= int64(len(p))
	return len(p), nil
}

// errReader returns err.
type errReader struct{ err error }

func (r errReader) Read([]byte) (int, error) { return 0, r.err }

// lineTracker counts the lines of what passes through it, so that a byte
// offset of a json.Decoder maps to a line. It keeps only the newlines that
// the decoder has read ahead of the last offset asked about: memory stays
// bounded by the decoder's buffer. Offsets asked about must not decrease.
type lineTracker struct {
	r    io.Reader
	off  int64   // bytes read
	nl   []int64 // offsets of newlines at or after the last offset asked about
	base int     // newlines before nl[0]
}

func (t *lineTracker) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	for i := 0; i < n; {
		j := bytes.IndexByte(p[i:n], '\n')
		if j < 0 {
			break
		}
		t.nl = append(t.nl, t.off+int64(i+j))
		i += j + 1
	}
	t.off += int64(n)
	return n, err
}

// lineAt returns the 1-based line of byte offset o.
func (t *lineTracker) lineAt(o int64) int {
	i := sort.Search(len(t.nl), func(i int) bool { return t.nl[i] >= o })
	if i > 0 {
		t.base += i
		t.nl = append(t.nl[:0], t.nl[i:]...)
	}
	return t.base + 1
}
