using System.Runtime.InteropServices;

namespace QueueCtl.Cli;

/// <summary>
/// The CLI trusts exactly one certificate, the queue's own (<c>MutualTls.SameCertificate</c> compares it byte for byte),
/// yet .NET checks every peer's chain against the system's trust store, and loading that store took about 90 ms of a
/// 150 ms call (bench/cli-tls). Pointing OpenSSL's store at nothing skips the load and changes no decision.
/// </summary>
internal static partial class SystemTrustStore
{
    /// <summary>
    /// Sets <c>SSL_CERT_FILE</c> and <c>SSL_CERT_DIR</c> in the native environment only, where OpenSSL reads them; .NET's
    /// managed copy of the environment, which the processes the CLI starts (the host) inherit, keeps the user's values.
    /// </summary>
    public static void Ignore()
    {
        if (OperatingSystem.IsLinux())
        {
            _ = setenv("SSL_CERT_FILE", "/dev/null", 1);
            _ = setenv("SSL_CERT_DIR", "/dev/null", 1);
        }
    }

    [LibraryImport("libc", StringMarshalling = StringMarshalling.Utf8)]
    private static partial int setenv(string name, string value, int overwrite);
}
