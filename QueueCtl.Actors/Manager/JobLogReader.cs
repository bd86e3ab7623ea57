using System.Text;
using QueueCtl.Actors.Protocol;

namespace QueueCtl.Actors.Manager;

/// <summary>Reads a chunk of a job's log off the actor thread (<c>queuectl logs</c>).</summary>
internal static class JobLogReader
{
    public static async Task<JobLogChunk> ReadAsync(string jobId, string path, long offset, int maxBytes)
    {
        if (!File.Exists(path))
        {
            return new JobLogChunk(jobId, offset, offset, "", EndOfLog: true);
        }
        await using var file = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite, 1, useAsync: true);
        file.Seek(offset, SeekOrigin.Begin);
        var buffer = new byte[maxBytes];
        var read = 0;
        while (read < buffer.Length)
        {
            var n = await file.ReadAsync(buffer.AsMemory(read));
            if (n == 0)
            {
                break;
            }
            read += n;
        }
        var complete = read == buffer.Length ? CompleteUtf8Length(buffer) : read;
        var text = Encoding.UTF8.GetString(buffer, 0, complete);
        return new JobLogChunk(jobId, offset, offset + complete, text, EndOfLog: offset + complete >= file.Length);
    }

    /// <summary>Stops a full chunk before a UTF-8 sequence it would cut in two.</summary>
    private static int CompleteUtf8Length(ReadOnlySpan<byte> bytes)
    {
        var i = bytes.Length - 1;
        var back = 0;
        while (i >= 0 && back < 4 && (bytes[i] & 0xC0) == 0x80)
        {
            i--;
            back++;
        }
        if (i < 0)
        {
            return bytes.Length;
        }
        var lead = bytes[i];
        var needed = lead < 0x80 ? 1 : lead >= 0xF0 ? 4 : lead >= 0xE0 ? 3 : lead >= 0xC0 ? 2 : 1;
        return back + 1 >= needed ? bytes.Length : i;
    }
}
