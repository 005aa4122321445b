# Sourced by scripts/build-control-plane.sh and scripts/build-krew.sh: builds Go commands of a module in test/ into
# the cache outside the checkout, once, and prints the directory.
#
#   build_go_tools WHAT MODULE_DIR VERSION_DIR LDFLAGS NAME=PACKAGE...
#
# builds each NAME missing from $cache/VERSION_DIR from PACKAGE, inside MODULE_DIR, and prints $cache/VERSION_DIR.
#   KUBECTL_CSR_KUBE_CACHE   cache root (default: ${XDG_CACHE_HOME:-~/.cache}/kubectl-csr)
build_go_tools() {
  local what=$1 module=$2 out=${KUBECTL_CSR_KUBE_CACHE:-${XDG_CACHE_HOME:-$HOME/.cache}/kubectl-csr}/$3 ldflags=$4
  shift 4
  local missing=() spec
  for spec in "$@"; do [[ -x $out/${spec%%=*} ]] || missing+=("$spec"); done
  if ((${#missing[@]} == 0)); then
    echo "$out"
    return 0
  fi
  command -v go >/dev/null || {
    echo "$what: Go is not installed; the tests build ${missing[*]%%=*} from $module with it" >&2
    return 1
  }
  mkdir -p "$out"
  local start=$SECONDS name
  for spec in "${missing[@]}"; do
    name=${spec%%=*}
    echo "$what: building $name (first run only; later runs reuse $out)" >&2
    # A temporary name, then a rename: an interrupted build never leaves a binary that looks complete.
    (cd "$module" && CGO_ENABLED=0 go build -trimpath -ldflags "$ldflags" -o "$out/.$name.tmp" "${spec#*=}") || return 1
    mv -f "$out/.$name.tmp" "$out/$name"
  done
  echo "$what: built ${missing[*]%%=*} in $((SECONDS - start))s" >&2
  echo "$out"
}
