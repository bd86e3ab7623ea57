using System.Security.Cryptography;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// What a file is: its bytes (a SHA-256), length, modification time and mode. Two equal states mean nobody wrote it,
/// so a test can show that a fault changed nothing.
/// </summary>
[System.Runtime.Versioning.SupportedOSPlatform("linux")]
internal sealed record FileState(string Path, string Sha256, long Length, DateTime ModifiedUtc, UnixFileMode Mode)
{
    public static FileState Of(string path)
    {
        var bytes = File.ReadAllBytes(path);
        return new FileState(path, Convert.ToHexString(SHA256.HashData(bytes)), bytes.Length, File.GetLastWriteTimeUtc(path), File.GetUnixFileMode(path));
    }

    /// <summary>The state of every file directly in <paramref name="directory"/>, by name.</summary>
    public static IReadOnlyDictionary<string, FileState> OfDirectory(string directory) =>
        Directory.EnumerateFiles(directory).Order(StringComparer.Ordinal).ToDictionary(f => System.IO.Path.GetFileName(f), Of);

    public override string ToString() => $"{System.IO.Path.GetFileName(Path)}: {Length} bytes, sha256 {Sha256[..16]}, mtime {ModifiedUtc:O}, mode {Mode}";
}
