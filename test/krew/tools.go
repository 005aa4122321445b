//go:build tools

// Package krew pins the krew commands the package tests build (scripts/build-krew.sh): kubectl-krew, the plugin
// manager users install kubectl-csr with, and validate-krew-manifest, the check krew-index runs on every plugin
// manifest submitted to it. It is never compiled into anything; the build script runs `go build` on these paths.
package krew

import (
	_ "sigs.k8s.io/krew/cmd/krew"
	_ "sigs.k8s.io/krew/cmd/validate-krew-manifest"
)
