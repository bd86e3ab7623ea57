using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;
using QueueCtl.Actors.Domain;
using QueueCtl.Actors.Serialization;

namespace QueueCtl.Cli.Output;

/// <summary>
/// <c>--json</c> output. Jobs and protocol views go through the source-generated <see cref="QueueCtlJsonContext"/>
/// (snake_case field names of spec 2, no reflection); CLI-only shapes are written with <see cref="Utf8JsonWriter"/>.
/// Commands stay readable (<c>&amp;&amp;</c>, quotes, non-ASCII) rather than \u-escaped: the output is for terminals
/// and <c>jq</c>, never embedded in HTML.
/// </summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new() { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private static readonly QueueCtlJsonContext Context = QueueCtlJsonContext.Default;

    public static string Job(Job job) => Write(writer => WriteJob(writer, job));

    /// <summary>A list of jobs is a JSON array of job objects.</summary>
    public static string Jobs(IEnumerable<Job> jobs) => Write(writer =>
    {
        writer.WriteStartArray();
        foreach (var job in jobs)
        {
            WriteJob(writer, job);
        }
        writer.WriteEndArray();
    });

    public static void WriteJob(Utf8JsonWriter writer, Job job) => JsonSerializer.Serialize(writer, job, Context.Job);

    public static string Write(Action<Utf8JsonWriter> write)
    {
        using var buffer = new MemoryStream();
        using (var writer = new Utf8JsonWriter(buffer, WriterOptions))
        {
            write(writer);
        }
        return Encoding.UTF8.GetString(buffer.GetBuffer(), 0, (int)buffer.Length);
    }
}
