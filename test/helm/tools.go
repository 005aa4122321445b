//go:build tools

// Package helm pins the helm command the tests build (scripts/build-helm.sh) to lint and render the approver's chart
// (deploy/helm/kubectl-csr-approver). It is never compiled into anything; the build script runs `go build` on it.
package helm

import (
	_ "helm.sh/helm/v4/cmd/helm"
)
