package annotate

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"sort"
	"strings"
)

// ImportOptions tune ImportFile.
type ImportOptions struct {
	Schema *Schema // spans are validated against it; required
	// Annotator, when set, is the annotator of every imported record and
	// span, replacing what the file says.
	Annotator string
	// Progress, when set, is called now and then with the bytes read so far
	// and the file's size.
	Progress func(read, size int64)
	// Warn, when set, receives each warning (also counted in the result).
	Warn func(msg string)
}

// ImportResult counts what an import did.
type ImportResult struct {
	Files    int
	Articles int
	Spans    int
	Skipped  int // records answered reject or ignore
	Warnings int
}

// Add adds o's counts to r.
func (r *ImportResult) Add(o ImportResult) {
	r.Files += o.Files
	r.Articles += o.Articles
	r.Spans += o.Spans
	r.Skipped += o.Skipped
	r.Warnings += o.Warnings
}

// importable reports whether a file found in a folder is imported.
func importable(name string) bool {
	ext := strings.ToLower(filepath.Ext(name))
	return ext == ".txt" || ext == ".jsonl"
}

// ExpandPaths turns the paths given to an import into the files to read:
// a file stands for itself, a folder for the .txt and .jsonl files under
// it in name order. A path given twice is read once. A missing path is an
// error naming it.
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
			return nil, &PosError{File: p, Err: pathErr(err)}
		}
		if !fi.IsDir() {
			add(p)
			continue
		}
		var files []string
		err = filepath.WalkDir(p, func(q string, d fs.DirEntry, err error) error {
			if err != nil {
				return &PosError{File: q, Err: pathErr(err)}
			}
			if !d.IsDir() && importable(q) {
				files = append(files, q)
			}
			return nil
		})
		if err != nil {
			return nil, err
		}
		if len(files) == 0 {
			return nil, &PosError{File: p, Err: errors.New("folder holds no .txt or .jsonl files")}
		}
		sort.Strings(files)
		for _, f := range files {
			add(f)
		}
	}
	return out, nil
}

func pathErr(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}

// ImportFile reads one file (.txt: one article; .jsonl or content that
// starts with '{': the native or Prodigy/spaCy JSONL) into tx, validating
// every record. The first problem ends the import with a *PosError naming
// the file and line; the caller then rolls tx back.
func ImportFile(ctx context.Context, tx ImportTx, path string, opt ImportOptions) (ImportResult, error) {
	res := ImportResult{Files: 1}
	f, err := os.Open(path)
	if err != nil {
		return res, &PosError{File: path, Err: pathErr(err)}
	}
	defer f.Close()
	fi, err := f.Stat()
	if err != nil {
		return res, &PosError{File: path, Err: pathErr(err)}
	}
	if fi.IsDir() {
		return res, &PosError{File: path, Err: errors.New("is a folder (pass it to ExpandPaths)")}
	}
	if fi.Size() == 0 {
		return res, &PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file is empty", ErrInvalid)}
	}
	cr := &countingReader{r: f, size: fi.Size(), progress: opt.Progress}
	if strings.EqualFold(filepath.Ext(path), ".txt") {
		return res, importText(ctx, tx, path, cr, opt, &res)
	}
	return res, importJSONL(ctx, tx, path, cr, opt, &res)
}

func importText(ctx context.Context, tx ImportTx, path string, r io.Reader, opt ImportOptions, res *ImportResult) error {
	data, err := io.ReadAll(r)
	if err != nil {
		return &PosError{File: path, Err: err}
	}
	text := string(data)
	if err := ValidText(text); err != nil {
		return &PosError{File: path, Line: lineOfInvalidUTF8(data), Err: err}
	}
	if strings.TrimSpace(strings.TrimPrefix(text, "\ufeff")) == "" {
		return &PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file holds only white space", ErrInvalid)}
	}
	base := filepath.Base(path)
	rec := &Record{Annotator: opt.Annotator}
	rec.Article = Article{ExtID: strings.TrimSuffix(base, filepath.Ext(base)), Title: TitleOf(text), Text: text}
	if err := tx.Put(ctx, rec); err != nil {
		return &PosError{File: path, Line: 1, Err: err}
	}
	res.Articles++
	return nil
}

func importJSONL(ctx context.Context, tx ImportTx, path string, r io.Reader, opt ImportOptions, res *ImportResult) error {
	dec := NewJSONLDecoder(r, path)
	for {
		rec, err := dec.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return err
		}
		if opt.Annotator != "" {
			rec.Annotator = opt.Annotator
			for i := range rec.Spans {
				rec.Spans[i].Annotator = opt.Annotator
			}
		}
		if err := rec.Validate(opt.Schema); err != nil {
			return &PosError{File: path, Line: dec.Line(), Err: err}
		}
		if err := tx.Put(ctx, rec); err != nil {
			return &PosError{File: path, Line: dec.Line(), Err: err}
		}
		res.Articles++
		res.Spans += len(rec.Spans)
	}
	res.Skipped = dec.Skipped()
	if res.Articles == 0 && res.Skipped == 0 {
		return &PosError{File: path, Line: 1, Err: fmt.Errorf("%w: file holds no records", ErrInvalid)}
	}
	return nil
}

func lineOfInvalidUTF8(data []byte) int {
	for i := 0; i < len(data); {
		if !utf8ValidPrefix(data[i:]) {
			return bytes.Count(data[:i], []byte{'\n'}) + 1
		}
		i += runeLen(data[i:])
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
