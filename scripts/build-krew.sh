#!/usr/bin/env bash
# Builds krew (kubectl-krew, the plugin manager) and validate-krew-manifest (krew-index's check of a submitted
# manifest) from the Go module in test/krew, into the cache the control plane is built into, keyed by krew's version,
# and skips the build when both are there. Prints the directory on stdout. The package tests run both
# (test/package/krew.test.ts).
#
# The binaries carry no version stamp on purpose: krew takes an unstamped build for a development build and never
# asks GitHub for a newer release, which a machine without internet could not answer.
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
module=$here/test/krew

command -v go >/dev/null || {
  echo "build-krew: Go is not installed; the krew tests build krew from test/krew with it" >&2
  exit 1
}
version=$(awk '$1 == "sigs.k8s.io/krew" { print $2; exit } $1 == "require" && $2 == "sigs.k8s.io/krew" { print $3; exit }' "$module/go.mod")
root=${KUBECTL_CSR_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-csr}
out=$root/krew-$version
declare -A pkg=(
  [kubectl-krew]=sigs.k8s.io/krew/cmd/krew
  [validate-krew-manifest]=sigs.k8s.io/krew/cmd/validate-krew-manifest
)

missing=()
for b in kubectl-krew validate-krew-manifest; do [[ -x $out/$b ]] || missing+=("$b"); done
if ((${#missing[@]} == 0)); then
  echo "$out"
  exit 0
fi

mkdir -p "$out"
start=$SECONDS
for b in "${missing[@]}"; do
  echo "build-krew: building $b $version (first run only; later runs reuse $out)" >&2
  # A temporary name, then a rename: an interrupted build never leaves a binary that looks complete.
  (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "-s -w" -o "$out/.$b.tmp" "${pkg[$b]}")
  mv -f "$out/.$b.tmp" "$out/$b"
done
echo "build-krew: built ${missing[*]} in $((SECONDS - start))s" >&2
echo "$out"
