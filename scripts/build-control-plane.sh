#!/usr/bin/env bash
# Builds the test control plane (etcd, kube-apiserver, kube-controller-manager, kubectl) from the Go module in
# test/controlplane into a cache outside the checkout, keyed by the Kubernetes version, and skips the build when the
# binaries are already there. Prints the cache directory on stdout.
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
module=$here/test/controlplane

command -v go >/dev/null || {
  echo "build-control-plane: Go is not installed; the e2e tests need it to build kube-apiserver (or set KUBECTL_CSR_E2E_KUBECONFIG to use an existing cluster)" >&2
  exit 1
}
version=$(awk '$1 == "k8s.io/kubernetes" { print $2; exit }' "$module/go.mod")
root=${KUBECTL_CSR_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-csr}
out=$root/kube-$version
binaries=(etcd kube-apiserver kube-controller-manager kubectl)

missing=()
for b in "${binaries[@]}"; do [[ -x $out/$b ]] || missing+=("$b"); done
if ((${#missing[@]} == 0)); then
  echo "$out"
  exit 0
fi

mkdir -p "$out"
minor=${version#v1.}; minor=${minor%%.*}
ldflags="-s -w \
  -X k8s.io/component-base/version.gitVersion=$version \
  -X k8s.io/component-base/version.gitMajor=1 \
  -X k8s.io/component-base/version.gitMinor=$minor \
  -X k8s.io/component-base/version.gitTreeState=clean \
  -X k8s.io/client-go/pkg/version.gitVersion=$version \
  -X k8s.io/client-go/pkg/version.gitMajor=1 \
  -X k8s.io/client-go/pkg/version.gitMinor=$minor"
declare -A pkg=(
  [etcd]=./etcd
  [kube-apiserver]=k8s.io/kubernetes/cmd/kube-apiserver
  [kube-controller-manager]=k8s.io/kubernetes/cmd/kube-controller-manager
  [kubectl]=k8s.io/kubernetes/cmd/kubectl
)
start=$SECONDS
for b in "${missing[@]}"; do
  echo "build-control-plane: building $b $version (first run only; later runs reuse $out)" >&2
  # Build into a temporary name and rename, so an interrupted build never leaves a binary that looks complete.
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/.$b.tmp" "${pkg[$b]}")
  mv -f "$out/.$b.tmp" "$out/$b"
done
echo "build-control-plane: built ${missing[*]} in $((SECONDS - start))s" >&2
echo "$out"
