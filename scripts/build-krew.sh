#!/usr/bin/env bash
# Builds krew (kubectl-krew, the plugin manager) and validate-krew-manifest (krew-index's check of a submitted
# manifest) from the Go module in test/krew, into the cache the control plane is built into, keyed by krew's version,
# and skips the build when both are there. Prints the directory on stdout. test/e2e/krew.test.ts runs both.
#
# The binaries carry no version stamp on purpose: krew takes an unstamped build for a development build and never
# asks GitHub for a newer release, which a machine without internet could not answer.
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/go-tools.sh"
module=$here/test/krew
version=$(awk '$1 == "require" && $2 == "sigs.k8s.io/krew" { print $3; exit } $1 == "sigs.k8s.io/krew" { print $2; exit }' "$module/go.mod")
build_go_tools build-krew "$module" "krew-$version" "-s -w" \
  kubectl-krew=sigs.k8s.io/krew/cmd/krew \
  validate-krew-manifest=sigs.k8s.io/krew/cmd/validate-krew-manifest
