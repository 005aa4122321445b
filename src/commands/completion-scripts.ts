// `kubectl csr completion bash|zsh|fish`: shell completion for kubectl-csr run on its own. `kubectl csr …` completes
// through kubectl's own completion instead, which runs kubectl_complete-csr (docs/commands.md "Completion"). Each script asks
// the binary: `kubectl-csr __complete WORDS... PARTIAL`, one candidate a line ("value<TAB>description"), then ":N",
// a cobra directive; bit 4 means "no file names". They stay small on purpose: the binary does the thinking.
// (Template literals: a backslash, a backtick and a dollar-brace of the scripts are escaped.)

export const SHELLS = ['bash', 'zsh', 'fish'] as const;
export type Shell = (typeof SHELLS)[number];

const BASH = `# bash completion for kubectl-csr. Load it with:  source <(kubectl-csr completion bash)
# Words are split at the blanks of the line up to the cursor; bash's own split (at = and :) only says what to replace.
_kubectl_csr() {
    local line="\${COMP_LINE:0:COMP_POINT}" cur="" out last directive=0 candidate prefix
    local -a words
    read -r -a words <<<"$line"
    if [[ \${#words[@]} -gt 1 && $line != *[[:space:]] ]]; then
        cur="\${words[\${#words[@]}-1]}"
        unset "words[\${#words[@]}-1]"
    fi
    out=$("\${words[0]}" __complete "\${words[@]:1}" "$cur" 2>/dev/null) || return 0
    last="\${out##*$'\\n'}"
    if [[ $last =~ ^:([0-9]+)$ ]]; then
        directive="\${BASH_REMATCH[1]}"
        if [[ $out == *$'\\n'* ]]; then out="\${out%$'\\n'*}"; else out=""; fi
    fi
    COMPREPLY=()
    while IFS= read -r candidate; do
        [[ -n $candidate ]] && COMPREPLY+=("\${candidate%%$'\\t'*}")
    done <<<"$out"
    prefix="\${cur%"\${COMP_WORDS[COMP_CWORD]}"}"
    if [[ -n $prefix ]]; then
        COMPREPLY=("\${COMPREPLY[@]#"$prefix"}")
    fi
    if [[ \${#COMPREPLY[@]} -eq 0 ]] && (( (directive & 4) == 0 )); then
        compopt -o default 2>/dev/null
    fi
    return 0
}
complete -F _kubectl_csr kubectl-csr
`;

const ZSH = `#compdef kubectl-csr
# zsh completion for kubectl-csr. Load it with:  source <(kubectl-csr completion zsh)   (after compinit)
_kubectl_csr() {
    local out line directive=0
    local -a lines candidates
    out=$("\${words[1]}" __complete "\${(@)words[2,CURRENT]}" 2>/dev/null) || return 1
    lines=("\${(@f)out}")
    if [[ \${lines[-1]} == :<-> ]]; then
        directive=\${lines[-1]#:}
        lines=("\${(@)lines[1,-2]}")
    fi
    for line in "\${lines[@]}"; do
        [[ -z $line ]] && continue
        if [[ $line == *$'\\t'* ]]; then
            candidates+=("\${\${line%%$'\\t'*}//:/\\\\:}:\${line#*$'\\t'}")
        else
            candidates+=("\${line//:/\\\\:}")
        fi
    done
    if (( \${#candidates} )); then
        _describe -t candidates kubectl-csr candidates
        return
    fi
    (( directive & 4 )) || _files
}
if [[ \${zsh_eval_context[-1]} == loadautofunc ]]; then
    _kubectl_csr "$@"
else
    compdef _kubectl_csr kubectl-csr
fi
`;

const FISH = `# fish completion for kubectl-csr. Load it with:  kubectl-csr completion fish | source
function __kubectl_csr_complete
    set -l words (commandline -opc)
    set -l current (commandline -ct)
    set -l program $words[1]
    set -e words[1]
    set -l out ($program __complete $words "$current" 2>/dev/null)
    set -l directive 0
    if test (count $out) -gt 0; and string match -qr '^:[0-9]+$' -- $out[-1]
        set directive (string sub -s 2 -- $out[-1])
        set -e out[-1]
    end
    if test (count $out) -eq 0; and test (math "bitand($directive, 4)") -eq 0
        __fish_complete_path "$current"
        return
    end
    printf '%s\\n' $out
end
complete -c kubectl-csr -f -a '(__kubectl_csr_complete)'
`;

export const SCRIPTS: Record<Shell, string> = { bash: BASH, zsh: ZSH, fish: FISH };
