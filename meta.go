package main

import (
	_ "embed"
	"fmt"

	"fyne.io/fyne/v2"
	"github.com/BurntSushi/toml"

	"github.com/tagdesk/tagdesk/assets"
)

// fyneAppTOML is the Fyne metadata that `fyne package` also reads: the
// window, the About box and `tagdesk version` take the name, id, version
// and icon from it, so that they never disagree with the package.
//
//go:embed FyneApp.toml
var fyneAppTOML []byte

// metadata returns the application's metadata from FyneApp.toml.
func metadata() (fyne.AppMetadata, error) {
	var f struct {
		Details struct {
			Name, ID, Version string
			Build             int
		}
		Migrations map[string]bool
	}
	if err := toml.Unmarshal(fyneAppTOML, &f); err != nil {
		return fyne.AppMetadata{}, fmt.Errorf("FyneApp.toml: %w", err)
	}
	d := f.Details
	return fyne.AppMetadata{ID: d.ID, Name: d.Name, Version: d.Version, Build: d.Build, Release: true,
		Icon: fyne.NewStaticResource("icon.png", assets.Icon), Migrations: f.Migrations}, nil
}

// versionText is what `tagdesk version` prints after "tagdesk": the
// version from FyneApp.toml and the source revision it was built from.
func versionText(meta fyne.AppMetadata) string {
	if build == "" || build == meta.Version {
		return meta.Version
	}
	return meta.Version + " (" + build + ")"
}
