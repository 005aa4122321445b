#!/usr/bin/env bash
# A terminal recording (script(1) gives the command a real pseudo-terminal) of `kubectl csr request NAME
# --kubeconfig-out` waiting with its status line, approved from another shell a few seconds later (issue 23).
# Needs a cluster where the current kubeconfig may create and approve CSRs, e.g. `npm run demo`'s:
#   KUBECONFIG=.demo/cluster/admin.kubeconfig PATH=dist:$PATH scripts/record-wait.sh [NAME]
# Prints the transcript with the control characters shown (cat -v: ^M is a carriage return, ^[ an escape).
set -euo pipefail
name=${1:-recorded-$(date +%s)}
dir=$(mktemp -d)
trap 'rm -rf "$dir"' EXIT
cd "$dir"
script -q -e -c "stty cols 100; kubectl csr request $name --kubeconfig-out $name.kubeconfig" typescript >/dev/null &
recording=$!
sleep 4
echo "# another shell, 4s later: kubectl csr approve $name"
kubectl csr approve "$name" 2>&1 | sed 's/^/#   /'
wait "$recording"
echo "# the recording (typescript):"
cat -v typescript
