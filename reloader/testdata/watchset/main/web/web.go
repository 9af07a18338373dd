// Package web embeds its assets.
package web

import "embed"

// Assets holds the files under assets/.
//
//go:embed assets
var Assets embed.FS
