#compdef queuectl
# zsh completion for queuectl (printed by `queuectl completion zsh`). Load it in ~/.zshrc, after compinit, with
#   source <(queuectl completion zsh)
# or save it as _queuectl in a directory of $fpath before compinit runs.
#
# queuectl computes every completion itself, from its own command tree: the line up to the cursor goes to
# `queuectl "[suggest]" LINE` (System.CommandLine's suggest directive), which prints one completion per line. Job ids
# are asked of the host only when one is running. Where queuectl offers nothing, zsh completes file names.

_queuectl() {
  # The queuectl that printed this script; else the command as typed.
  local program=@PROGRAM@
  if [[ -z $program || ! -x $program ]]; then
    program=${words[1]}
    [[ $program != '~/'* ]] || program=$HOME/${program#'~/'}
  fi
  local line="${(j: :)words[1,CURRENT-1]} $PREFIX"
  local -a completions
  completions=(${(f)"$("$program" "[suggest]" "$line" 2>/dev/null </dev/null)"})
  if (( ${#completions} )); then
    compadd -- "${completions[@]}"
  else
    _files
  fi
}

compdef _queuectl queuectl

# Autoloaded from $fpath, this file is the body of _queuectl, called to complete: do so with the function just defined.
if [[ ${funcstack[1]-} == _queuectl ]]; then
  _queuectl "$@"
fi
