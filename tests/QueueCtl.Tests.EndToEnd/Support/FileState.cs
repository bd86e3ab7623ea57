using System.Security.Cryptography;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// What a file is: its bytes (a SHA-256), length, modification time and mode. Two equal states mean nobody wrote it,
/// so a test can show that a fault changed nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed record FileState(string Path, string Sha256, long Length, DateTime ModifiedUtc, UnixFileMode Mode)
{
    /// <summary>
    /// A file another process holds locked (a running host's <c>host.lock</c>: .NET takes flock() on open) is described
    /// by its length, mtime and mode only.
    /// </summary>
    public static FileState Of(string path)
    {
        string sha;
        try
        {
            sha = Convert.ToHexString(SHA256.HashData(File.ReadAllBytes(path)));
        }
        catch (IOException)
        {
            sha = "(locked)";
        }
        return new FileState(path, sha, new FileInfo(path).Length, File.GetLastWriteTimeUtc(path), File.GetUnixFileMode(path));
    }

    /// <summary>The state of every file directly in <paramref name="directory"/>, by name.</summary>
    public static IReadOnlyDictionary<string, FileState> OfDirectory(string directory) =>
        Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal).ToDictionary(f => System.IO.Path.GetFileName(f), Of);

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}: {Length} bytes, sha256 {Sha256[..Math.Min(16, Sha256.Length)]}, mtime {ModifiedUtc:O}, mode {Mode}";
}
