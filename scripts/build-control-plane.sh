#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager, kubectl) from the Go module in
# test/controlplane into a cache outside the checkout, keyed by the Kubernetes version, and skips the build when the
# binaries are already there. Prints the cache directory on stdout.
#
#   scripts/build-control-plane.sh            the default version (test/controlplane/go.mod)
#   scripts/build-control-plane.sh v1.35.4    another one, from test/controlplane/versions/v1.35.4.mod (-modfile)
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/go-tools.sh"
module=$here/test/controlplane
version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$module/go.mod")
if [[ -n ${1:-} && $1 != "$version" ]]; then
  modfile=$module/versions/$1.mod
  [[ -f $modfile ]] || {
    echo "build-control-plane: no $modfile (scripts/control-plane-gomod.sh $1 writes it)" >&2
    exit 2
  }
  version=$1
  export GOFLAGS="${GOFLAGS:+$GOFLAGS }-modfile=$modfile"
fi
minor=${version#v1.}; minor=${minor%%.*}
ldflags="-s -w \
  -X k8s.io/component-base/version.gitVersion=$version \
  -X k8s.io/component-base/version.gitMajor=1 \
  -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/component-base/version.gitTreeState=clean \
  -X k8s.io/client-go/pkg/version.gitVersion=$version \
  -X k8s.io/client-go/pkg/version.gitMajor=1 \
  -X k8s.io/client-go/pkg/version.gitMinor=$minor"
build_go_tools build-control-plane "$module" "kube-$version" "$ldflags" \
  etcd=./etcd \
  kube-apiserver=k8s.io/kubernetes/cmd/kube-apiserver \
  kube-controller-manager=k8s.io/kubernetes/cmd/kube-controller-manager \
  kubectl=k8s.io/kubernetes/cmd/kubectl
