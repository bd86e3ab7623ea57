using System.Collections.Immutable;

namespace QueueCtl.Cli.Completion;

/// <summary>
/// The scripts of <c>queuectl completion SHELL</c>, kept as files beside this one (queuectl.bash, queuectl.zsh,
/// queuectl.ps1) and embedded in the CLI. Each asks queuectl for its completions (<see cref="SuggestAction"/>); the
/// program it asks is the one that printed it, written into the script, so that completing <c>./queuectl</c> in a
/// checkout runs the built CLI and never the launcher's build.
/// </summary>
internal static class CompletionScripts
{
    public static readonly ImmutableArray<string> Shells = ["bash", "zsh", "pwsh"];

    private const string ProgramPlaceholder = "@PROGRAM@";

    /// <summary>
    /// The script for <paramref name="shell"/> calling <paramref name="program"/> (null: the command as the user typed
    /// it), or null for a shell without one.
    /// </summary>
    public static string? For(string shell, string? program) => shell switch
    {
        "bash" => Read("queuectl.bash").Replace(ProgramPlaceholder, PosixQuote(program ?? "")),
        "zsh" => Read("queuectl.zsh").Replace(ProgramPlaceholder, PosixQuote(program ?? "")),
        "pwsh" => Read("queuectl.ps1").Replace(ProgramPlaceholder, (program ?? "").Replace("'", "''")),
        _ => null,
    };

    /// <summary>
    /// This process's executable when it is queuectl itself (the apphost, the NativeAOT binary, the .NET tool's shim);
    /// null when it is a host such as <c>dotnet queuectl.dll</c> or a test runner.
    /// </summary>
    public static string? CurrentProgram() =>
        Environment.ProcessPath is { } path && Path.GetFileNameWithoutExtension(path) == "queuectl" ? path : null;

    private static string PosixQuote(string text) => "'" + text.Replace("'", "'\\''") + "'";

    private static string Read(string name)
    {
        using var stream = typeof(CompletionScripts).Assembly.GetManifestResourceStream(name)
            ?? throw new InvalidOperationException($"the CLI was built without its completion script {name}");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }
}
