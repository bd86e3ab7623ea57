# bash completion for queuectl (printed by `queuectl completion bash`). Load it in ~/.bashrc with
#   source <(queuectl completion bash)
# or save it as ~/.local/share/bash-completion/completions/queuectl, where the bash-completion package finds it.
#
# queuectl computes every completion itself, from its own command tree: the line up to the cursor goes to
# `queuectl "[suggest]" LINE` (System.CommandLine's suggest directive), which prints one completion per line. Job ids
# are asked of the host only when one is running. Where queuectl offers nothing, bash completes file names.

_queuectl_complete() {
    # The queuectl that printed this script; else the command as typed.
    local program=@PROGRAM@
    if [[ -z $program || ! -x $program ]]; then
        program=${COMP_WORDS[0]:-queuectl}
        [[ $program != "~/"* ]] || program=$HOME/${program#"~/"}
    fi
    # COMP_POINT counts characters, as ${:offset:length} does.
    local line=${COMP_LINE:0:COMP_POINT}
    local completions
    completions=$("$program" "[suggest]" "$line" 2>/dev/null </dev/null) || completions=""
    COMPREPLY=()
    [[ -n $completions ]] || return 0

    # queuectl answers whole words (build:42, --state=dead), but readline replaces only what follows the last
    # COMP_WORDBREAKS character of the word (':' and '=' are among them), so that much is taken off each answer.
    local word=${line##*[[:space:]]} prefix=""
    word=${word//[\"\']/}
    if [[ -n ${COMP_WORDBREAKS-} ]]; then
        prefix=${word%"${line##*[$COMP_WORDBREAKS]}"}
    fi
    local completion
    while IFS= read -r completion; do
        [[ -z $prefix || $completion != "$prefix"* ]] || completion=${completion#"$prefix"}
        COMPREPLY+=("$completion")
    done <<<"$completions"
}

complete -o default -F _queuectl_complete queuectl
