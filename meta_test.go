package main

import (
	"bytes"
	"image/png"
	"strings"
	"testing"
)

// TestMetadata: FyneApp.toml gives the id, name and version, and the icon
// it names is the embedded one, a PNG of at least 512 px.
func TestMetadata(t *testing.T) {
	meta, err := metadata()
	if err != nil {
		t.Fatal(err)
	}
	if meta.ID != "io.github.tagdesk" || meta.Name != "tagdesk" || meta.Version == "" {
		t.Errorf("metadata %+v", meta)
	}
	if !meta.Migrations["fyneDo"] {
		t.Error("FyneApp.toml does not say the window calls Fyne on its goroutine only (Migrations fyneDo)")
	}
	if !strings.Contains(string(fyneAppTOML), `Icon = "assets/icon.png"`) {
		t.Error("FyneApp.toml does not name assets/icon.png")
	}
	img, err := png.Decode(bytes.NewReader(meta.Icon.Content()))
	if err != nil {
		t.Fatal(err)
	}
	if b := img.Bounds(); b.Dx() < 512 || b.Dy() < 512 {
		t.Errorf("icon is %v, want at least 512×512", b.Size())
	}
	build = "abc123"
	defer func() { build = "" }()
	if got := versionText(meta); got != meta.Version+" (abc123)" {
		t.Errorf("version text %q", got)
	}
}
