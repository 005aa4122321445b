#!/usr/bin/env bash
# Builds test/go-identity (the Go reference reader of request subjects for the differential test) into the cache
# outside the checkout, keyed by a hash of its source, and skips the build when it is there. Prints the directory.
# Standard library only: the build downloads nothing.
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/go-tools.sh"
module=$here/test/go-identity
hash=$(cat "$module/go.mod" "$module/main.go" | sha256sum | cut -c1-12)
build_go_tools build-go-identity "$module" "go-identity-$hash" "-s -w" go-identity=.
