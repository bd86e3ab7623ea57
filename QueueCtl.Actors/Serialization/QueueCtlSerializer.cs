using System.IO.Compression;
using System.Text.Json;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;

namespace QueueCtl.Actors.Serialization;

/// <summary>
/// Writes every protocol message, stored event and snapshot as UTF-8 JSON under a stable string manifest
/// (<see cref="Manifests"/>), so neither a class rename nor a CLI of another build misreads a message.
/// Bound in <c>hocon/queuectl.conf</c>. A snapshot is gzipped (<see cref="Manifests.IsGzipped"/>): it holds every job
/// kept, and its JSON shrinks about tenfold, which is what <c>queue.db</c> and recovery pay for it.
/// </summary>
public sealed class QueueCtlSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7437;

    public override int Identifier => Id;

    public override string Manifest(object o) => Lookup(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj)
    {
        var (manifest, info) = Lookup(obj.GetType());
        if (!Manifests.IsGzipped(manifest))
        {
            return JsonSerializer.SerializeToUtf8Bytes(obj, info);
        }
        var compressed = new MemoryStream();
        using (var gzip = new GZipStream(compressed, CompressionLevel.Fastest, leaveOpen: true))
        {
            JsonSerializer.Serialize(gzip, obj, info);
        }
        return compressed.ToArray();
    }

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (!Manifests.ByManifest.TryGetValue(manifest, out var info))
        {
            throw new SerializationException(
                $"queuectl: unknown message type '{manifest}'; the other side runs an incompatible version of queuectl");
        }
        object? value;
        if (Manifests.IsGzipped(manifest))
        {
            using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
            value = JsonSerializer.Deserialize(gzip, info);
        }
        else
        {
            value = JsonSerializer.Deserialize(bytes, info);
        }
        return value ?? throw new SerializationException($"queuectl: empty payload for '{manifest}'");
    }

    private static (string Manifest, System.Text.Json.Serialization.Metadata.JsonTypeInfo Info) Lookup(Type type) =>
        Manifests.ByType.TryGetValue(type, out var entry)
            ? entry
            : throw new ArgumentException($"queuectl serializer has no manifest for {type.FullName}; add it to Manifests");
}
