package format

import (
	"bufio"
	"bytes"
	"context"
	"errors"
	"fmt"
	"github.com/tagdesk/tagdesk/annotate"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"unicode/utf8"
)

// ImportOptions tune ImportFile.
type ImportOptions struct {
	Schema *annotate.Schema // spans are validated against it; required
	// Annotator, when set, is the annotator of every imported record and
	// span, replacing what the file says.
	Annotator string
	// Progress, when set, is called now and then with the bytes read so far
	// and the file's size.
	Progress func(read, size int64)
	// Warn, when set, receives each warning (also counted in the result).
	Warn func(msg string)
	// Format is the format of the files (a name from All, or "text");
	// empty: told from each file's name and content (Detect).
	Format string
	// Offsets is the offset unit of the files, for formats that can count
	// in more than one (see Format.Units); empty: the format's default.
	Offsets string
}

// ImportResult counts what an import read and what it stored.
type ImportResult struct {
	Files int
	annotate.ImportCounts
	Skipped  int // records answered reject or ignore
	Warnings int
}

// Add adds o's counts to r.
func (r *ImportResult) Add(o ImportResult) {
	r.Files += o.Files
	r.ImportCounts.Add(o.ImportCounts)
	r.Skipped += o.Skipped
	r.Warnings += o.Warnings
}

// importable reports whether a file found in a folder is imported.
func importable(name string) bool {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".txt", ".jsonl", ".json", ".conll", ".iob", ".iob2", ".bio", ".conllu", ".conllup":
		return true
	}
	return false
}

// ExpandPaths turns the paths given to an import into the files to read:
// a file stands for itself, a folder for the files under it that an
// import reads (.txt, .jsonl, .json, .conll, .iob, .iob2, .bio, .conllu,
// .conllup; not .tsv, which may be any table) in name
// order, except that a folder holding brat .ann files stands for itself
// (one brat collection). A path given twice is read once. A missing path
// is an error naming it, and so is a file in a folder that cannot be read
// (a broken link, no permission, a pipe or device), before anything is
// imported.
func ExpandPaths(paths []string) ([]string, error) {
	var out []string
	seen := map[string]bool{}
	add := func(p string) {
		key := p
		if abs, err := filepath.Abs(p); err == nil {
			key = abs
		}
		if !seen[key] {
			seen[key] = true
			out = append(out, p)
		}
	}
	for _, p := range paths {
		fi, err := os.Stat(p)
		if err != nil {
			return nil, &annotate.PosError{File: p, Err: pathErr(err)}
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return &annotate.PosError{File: q, Err: pathErr(err)}
			}
			if d.IsDir() && hasAnnFiles(q) {
				files = append(files, q)
				return filepath.SkipDir
			}
			if !d.IsDir() && importable(q) {
				ok, err := readableFile(q)
				if err != nil {
					return &annotate.PosError{File: q, Err: err}
				}
				if ok {
					files = append(files, q)
				}
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, &annotate.PosError{File: p, Err: errors.New("folder holds no files to import (.txt, .jsonl, .json, .conll, .iob, or brat .ann)")}
		}
		sort.Strings(files)
		for _, f := range files {
			add(f)
		}
	}
	return out, nil
}

// readableFile reports whether a file found in a folder is one to read:
// false for a link to a folder; an error for a broken link, a file that
// cannot be opened, or a pipe, socket or device (opening a pipe with no
// writer would wait for ever). Checking before the first file is read
// means such a folder imports nothing rather than some of its files.
func readableFile(path string) (bool, error) {
	fi, err := os.Stat(path)
	if err != nil {
		return false, pathErr(err)
	}
	if fi.IsDir() {
		return false, nil
	}
	if !fi.Mode().IsRegular() {
		kind := "a device"
		switch {
		case fi.Mode()&fs.ModeNamedPipe != 0:
			kind = "a named pipe"
		case fi.Mode()&fs.ModeSocket != 0:
			kind = "a socket"
		}
		return false, fmt.Errorf("%w: %s, not a regular file; tagdesk reads only regular files from a folder", annotate.ErrInvalid, kind)
	}
	f, err := os.Open(path)
	if err != nil {
		return false, pathErr(err)
	}
	return true, f.Close()
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ImportFile reads one file, or one brat folder, into tx, validating
// every record against opt.Schema. The format is opt.Format, or told from
// the name and content (Detect): .txt is one article, .jsonl the
// native, Prodigy/spaCy or doccano JSONL, .json a Label Studio export,
// .conll/.iob CoNLL, a folder with .ann files brat. The first problem
// ends the import with a *PosError naming the file and line; the caller
// then rolls tx back. Warnings go to opt.Warn and are counted.
func ImportFile(ctx context.Context, tx annotate.ImportTx, path string, opt ImportOptions) (res ImportResult, err error) {
	res.Files = 1
	before := tx.Counts()
	defer func() { res.ImportCounts = tx.Counts().Since(before) }() // what was stored
	fi, err := os.Stat(path)
	if err != nil {
		return res, &annotate.PosError{File: path, Err: pathErr(err)}
	}
	format := opt.Format
	if fi.IsDir() {
		if format == "" {
			if format, err = Detect(path, nil); err != nil {
				return res, &annotate.PosError{File: path, Err: err}
			}
		}
		f, err := Lookup(format)
		if err != nil || !f.Dir {
			return res, &annotate.PosError{File: path, Err: fmt.Errorf("%w: is a folder, and format %s reads files", annotate.ErrInvalid, format)}
		}
		return res, importRecords(ctx, tx, path, nil, f, opt, &res)
	}
	file, err := os.Open(path)
	if err != nil {
		return res, &annotate.PosError{File: path, Err: pathErr(err)}
	}
	defer file.Close()
	if fi.Size() == 0 {
		return res, &annotate.PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file is empty", annotate.ErrInvalid)}
	}
	cr := &countingReader{r: file, size: fi.Size(), progress: opt.Progress}
	br := bufio.NewReaderSize(cr, 1<<20)
	if format == "" {
		head, _ := br.Peek(1 << 20)
		if format, err = Detect(path, head); err != nil {
			return res, &annotate.PosError{File: path, Err: err}
		}
	}
	if format == Text {
		return res, importText(ctx, tx, path, br, opt, &res)
	}
	f, err := Lookup(format)
	if err != nil {
		return res, &annotate.PosError{File: path, Err: err}
	}
	return res, importRecords(ctx, tx, path, br, f, opt, &res)
}

func importText(ctx context.Context, tx annotate.ImportTx, path string, r io.Reader, opt ImportOptions, res *ImportResult) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &annotate.PosError{File: path, Err: err}
	}
	text := string(data)
	if err := annotate.ValidText(text); err != nil {
		return &annotate.PosError{File: path, Line: lineOfInvalidUTF8(data), Err: err}
	}
	if strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return &annotate.PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file holds only white space", annotate.ErrInvalid)}
	}
	base := filepath.Base(path)
	rec := &annotate.Record{Annotator: opt.Annotator}
	rec.Article = annotate.Article{ExtID: strings.TrimSuffix(base, filepath.Ext(base)), Title: annotate.TitleOf(text), Text: text}
	if err := tx.Put(ctx, rec); err != nil {
		return &annotate.PosError{File: path, Line: 1, Err: err}
	}
	return nil
}

func importRecords(ctx context.Context, tx annotate.ImportTx, path string, r io.Reader, f *Format, opt ImportOptions, res *ImportResult) error {
	if f.NewReader == nil {
		return &annotate.PosError{File: path, Err: fmt.Errorf("%w: format %s is export only", annotate.ErrInvalid, f.Name)}
	}
	if _, err := f.CheckOffsets(opt.Offsets); err != nil {
		return &annotate.PosError{File: path, Err: err}
	}
	dec, err := f.NewReader(r, path, Options{Offsets: opt.Offsets})
	if err != nil {
		return err
	}
	where := func() string {
		if fd, ok := dec.(interface{ File() string }); ok {
			return fd.File()
		}
		return path
	}
	// Reading, decoding and validating run on a goroutine of their own,
	// a bounded number of records ahead of the store (see pipeRecords).
	warned, records := 0, 0
	pipe := pipeRecords(ctx, readAheadRecords, readAheadBytes, func() (pipedRecord, error) {
		rec, err := dec.Next()
		var pr pipedRecord
		if ws := dec.Warnings(); len(ws) > warned {
			pr.warnings, warned = ws[warned:], len(ws)
		}
		if err != nil {
			return pr, err
		}
		if opt.Annotator != "" {
			rec.Annotator = opt.Annotator
			for i := range rec.Spans {
				rec.Spans[i].Annotator = opt.Annotator
			}
		}
		pr.rec, pr.file, pr.line, pr.size = rec, where(), dec.Line(), recordSize(rec)
		if err := rec.Validate(opt.Schema); err != nil {
			return pr, &annotate.PosError{File: pr.file, Line: pr.line, Err: err}
		}
		return pr, nil
	})
	defer pipe.Close()
	put := tx.Put
	if pt, ok := tx.(annotate.PrevalidatingTx); ok {
		put = func(ctx context.Context, rec *annotate.Record) error { return pt.PutValidated(ctx, rec, opt.Schema) }
	}
	for {
		pr, err := pipe.Next()
		for _, w := range pr.warnings {
			res.Warnings++
			if opt.Warn != nil {
				opt.Warn(w)
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			if err == ctx.Err() {
				err = &annotate.PosError{File: path, Err: err}
			}
			return err
		}
		if err := put(ctx, pr.rec); err != nil {
			return &annotate.PosError{File: pr.file, Line: pr.line, Err: err}
		}
		records++
	}
	res.Skipped = dec.Skipped()
	if records == 0 && res.Skipped == 0 {
		return &annotate.PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file holds no records", annotate.ErrInvalid)}
	}
	return nil
}

func lineOfInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		if !utf8ValidPrefix(data[i:]) {
			return bytes.Count(data[:i], []byte{'\n'}) + 1
		}
		_, size := utf8.DecodeRune(data[i:])
		i += size
	}
	return 1
}

// countingReader reports read progress every 4 MB.
type countingReader struct {
	r        io.Reader
	n, last  int64
	size     int64
	progress func(read, size int64)
}

func (c *countingReader) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	c.n += int64(n)
	if c.progress != nil && (c.n-c.last >= 4<<20 || err == io.EOF) {
		c.last = c.n
		c.progress(c.n, c.size)
	}
	return n, err
}

// utf8ValidPrefix reports whether b starts with a valid UTF-8 sequence.
func utf8ValidPrefix(b []byte) bool {
	r, size := utf8.DecodeRune(b)
	return !(r == utf8.RuneError && size <= 1)
}
