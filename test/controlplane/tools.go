//go:build tools

// Package controlplane pins the commands the e2e tests build. It is never compiled into anything; the build script
// runs `go build` on each of these import paths.
package controlplane

import (
	_ "k8s.io/kubernetes/cmd/kube-apiserver"
	_ "k8s.io/kubernetes/cmd/kube-controller-manager"
	_ "k8s.io/kubernetes/cmd/kubectl"
)
