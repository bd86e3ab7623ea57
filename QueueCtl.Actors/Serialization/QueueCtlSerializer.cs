using System.Text.Json;
using Akka.Actor;
using System.Runtime.Serialization;
using Akka.Serialization;
using QueueCtl.Actors.Domain;

namespace QueueCtl.Actors.Serialization;

/// <summary>
/// Writes every protocol message, stored event and snapshot as UTF-8 JSON under a stable string manifest
/// (<see cref="Manifests"/>), so neither a class rename nor a CLI of another build misreads a message.
/// Bound in <c>hocon/queuectl.conf</c>. A snapshot is the exception: it holds every job kept, and is written by
/// <see cref="SnapshotCodec"/>.
/// </summary>
public sealed class QueueCtlSerializer(ExtendedActorSystem system) : SerializerWithStringManifest(system)
{
    public const int Id = 7437;

    public override int Identifier => Id;

    public override string Manifest(object o) => o is QueueSnapshot ? SnapshotCodec.Manifest : Lookup(o.GetType()).Manifest;

    public override byte[] ToBinary(object obj) =>
        obj is QueueSnapshot snapshot ? SnapshotCodec.Write(snapshot) : JsonSerializer.SerializeToUtf8Bytes(obj, Lookup(obj.GetType()).Info);

    public override object FromBinary(byte[] bytes, string manifest)
    {
        if (manifest == SnapshotCodec.Manifest)
        {
            return SnapshotCodec.Read(bytes);
        }
        return Manifests.ByManifest.TryGetValue(manifest, out var info)
            ? JsonSerializer.Deserialize(bytes, info) ?? throw new SerializationException($"queuectl: empty payload for '{manifest}'")
            : throw new SerializationException(
                $"queuectl: unknown message type '{manifest}'; the other side runs an incompatible version of queuectl");
    }

    private static (string Manifest, System.Text.Json.Serialization.Metadata.JsonTypeInfo Info) Lookup(Type type) =>
        Manifests.ByType.TryGetValue(type, out var entry)
            ? entry
            : throw new ArgumentException($"queuectl serializer has no manifest for {type.FullName}; add it to Manifests");
}
