#!/usr/bin/env bash
# Builds helm from the Go module in test/helm into the cache the control plane is built into, keyed by helm's
# version, and skips the build when it is there. Prints the directory on stdout. test/e2e/approver-chart.test.ts
# lints and renders the approver's chart with it (deploy/helm/kubectl-csr-approver).
#
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
set -euo pipefail
here=$(cd "$(dirname "$0")/.." && pwd)
source "$here/scripts/go-tools.sh"
module=$here/test/helm
version=$(awk '$1 == "require" && $2 == "helm.sh/helm/v4" { print $3; exit } $1 == "helm.sh/helm/v4" { print $2; exit }' "$module/go.mod")
build_go_tools build-helm "$module" "helm-$version" "-s -w" helm=helm.sh/helm/v4/cmd/helm
