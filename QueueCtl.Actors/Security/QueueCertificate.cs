using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace QueueCtl.Actors.Security;

/// <summary>
/// The queue's certificate: one self-signed certificate and its key in <c>DATA/tls/</c>, made by the host on its first
/// start. The host and every CLI present it and accept only a peer that presents it too (see <see cref="MutualTls"/>),
/// so whoever can read the data directory may use the queue, and nobody else.
/// </summary>
public static class QueueCertificate
{
    public const string DirectoryName = "tls";
    public const string CertificateFileName = "queuectl.crt";
    public const string KeyFileName = "queuectl.key";

    private static readonly TimeSpan Validity = TimeSpan.FromDays(20 * 365);

    public static string DirectoryOf(string dataDirectory) => Path.Combine(dataDirectory, DirectoryName);

    public static string CertificatePath(string dataDirectory) => Path.Combine(DirectoryOf(dataDirectory), CertificateFileName);

    public static string KeyPath(string dataDirectory) => Path.Combine(DirectoryOf(dataDirectory), KeyFileName);

    /// <summary>
    /// The host: the queue's certificate, made now if the data directory has none yet (the key is written 0600 in a
    /// 0700 directory before the certificate, which marks a complete pair). Throws <see cref="QueueCertificateException"/>.
    /// </summary>
    public static X509Certificate2 LoadOrCreate(string dataDirectory, DateTimeOffset now)
    {
        if (!File.Exists(CertificatePath(dataDirectory)))
        {
            Create(dataDirectory, now);
        }
        var (certificate, problem) = TryLoad(dataDirectory);
        return certificate ?? throw new QueueCertificateException(problem!);
    }

    /// <summary>The CLI and the host: the certificate with its key, or what is wrong, in words for the user.</summary>
    public static (X509Certificate2? Certificate, string? Problem) TryLoad(string dataDirectory)
    {
        var certificatePath = CertificatePath(dataDirectory);
        var keyPath = KeyPath(dataDirectory);
        try
        {
            var certificate = X509Certificate2.CreateFromPemFile(certificatePath, keyPath);
            // SslStream on Windows cannot use a key that lives only in memory; a round trip through PKCS#12 stores it.
            return (OperatingSystem.IsWindows()
                ? X509CertificateLoader.LoadPkcs12(certificate.Export(X509ContentType.Pkcs12), password: null)
                : certificate, null);
        }
        catch (Exception e) when (e is FileNotFoundException or DirectoryNotFoundException)
        {
            return (null, $"there is no queue certificate in {DirectoryOf(dataDirectory)} ({CertificateFileName} and {KeyFileName}); " +
                          "the host makes them on its first start there");
        }
        catch (UnauthorizedAccessException)
        {
            return (null, $"cannot read the queue certificate in {DirectoryOf(dataDirectory)}: permission denied");
        }
        catch (Exception e) when (e is CryptographicException or IOException or ArgumentException)
        {
            return (null, $"cannot load the queue certificate from {DirectoryOf(dataDirectory)}: {e.Message}");
        }
    }

    private static void Create(string dataDirectory, DateTimeOffset now)
    {
        var directory = DirectoryOf(dataDirectory);
        try
        {
            OwnerOnly.CreateDirectory(directory);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=queuectl {Environment.UserName}@{Environment.MachineName}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(
                [new Oid("1.3.6.1.5.5.7.3.1"), new Oid("1.3.6.1.5.5.7.3.2")], false)); // TLS server and client
            using var certificate = request.CreateSelfSigned(now.AddDays(-1), now + Validity);
            WriteNew(KeyPath(dataDirectory), key.ExportPkcs8PrivateKeyPem());
            WriteNew(CertificatePath(dataDirectory), certificate.ExportCertificatePem());
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new QueueCertificateException($"cannot create the queue certificate in {directory}: {e.Message}");
        }
    }

    /// <summary>Writes a 0600 file under a temporary name, then renames it into place.</summary>
    private static void WriteNew(string path, string content)
    {
        var temporary = path + ".new";
        File.Delete(temporary); // an old leftover keeps its mode when opened again; a new file is created 0600
        using (var file = OwnerOnly.Open(temporary, FileMode.Create, FileAccess.Write, FileShare.None))
        using (var writer = new StreamWriter(file))
        {
            writer.Write(content);
            writer.Flush();
            file.Flush(flushToDisk: true);
        }
        File.Move(temporary, path, overwrite: true);
    }
}

/// <summary>The queue certificate cannot be made or read; the message says which file and why.</summary>
public sealed class QueueCertificateException(string message) : Exception(message);
