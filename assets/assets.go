// Package assets holds the files that tagdesk embeds in its binary: the
// default label schema, the sample article a new database is seeded with,
// and the application icon.
package assets

import _ "embed"

// SchemaTOML is the default label schema, as `tagdesk schema` prints it.
//
//go:embed schema.toml
var SchemaTOML []byte

// SampleName is the external id of the bundled sample article.
const SampleName = "000_a10bbe666cae4c60"

// SampleText is the bundled sample article, plain, byte for byte.
//
//go:embed sample.txt
var SampleText []byte

// SampleSpans is the same article labelled, in the native JSONL; it is used
// by tests, demos and screenshots, not seeded into new databases.
//
//go:embed sample.spans.jsonl
var SampleSpans []byte

// Icon is the application icon (1024×1024 PNG), also named in FyneApp.toml.
//
//go:embed icon.png
var Icon []byte
