# PowerShell completion for queuectl (printed by `queuectl completion pwsh`). Load it in the session, or in $PROFILE, with
#   queuectl completion pwsh | Out-String | Invoke-Expression
#
# queuectl computes every completion itself, from its own command tree: the line up to the cursor goes to
# `queuectl "[suggest]" LINE` (System.CommandLine's suggest directive), which prints one completion per line. Job ids
# are asked of the host only when one is running. Where queuectl offers nothing, PowerShell completes paths.

Register-ArgumentCompleter -Native -CommandName queuectl -ScriptBlock {
    param($wordToComplete, $commandAst, $cursorPosition)
    # The queuectl that printed this script; else the command as typed.
    $program = '@PROGRAM@'
    if (-not $program -or -not (Test-Path -LiteralPath $program -PathType Leaf)) {
        $program = $commandAst.GetCommandName()
    }
    $line = $commandAst.Extent.Text
    $cursor = $cursorPosition - $commandAst.Extent.StartOffset
    if ($cursor -lt $line.Length) {
        $line = $line.Substring(0, $cursor)
    } elseif ($cursor -gt $line.Length) {
        $line = $line.PadRight($cursor)
    }
    & $program '[suggest]' $line 2>$null | ForEach-Object {
        [System.Management.Automation.CompletionResult]::new($_, $_, 'ParameterValue', $_)
    }
}
