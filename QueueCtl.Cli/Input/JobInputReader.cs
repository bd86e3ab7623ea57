using QueueCtl.Actors.Protocol;

namespace QueueCtl.Cli.Input;

/// <summary>
/// Every job of an <c>enqueue</c> input, checked as a whole before anything is sent: a typo on line 99,999
/// must not leave 99,998 jobs enqueued. Ids must be unique within the input.
/// </summary>
internal static class JobInputReader
{
    public static (List<JobSubmission> Jobs, InputProblem? Problem) ReadAll(Stream input, string source)
    {
        var jobs = new List<JobSubmission>();
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var objects = new JsonObjectStream(input);
        InputProblem? problem;
        while (objects.TryRead(out problem))
        {
            var (job, jobProblem) = JobObjectParser.Parse(objects.Current);
            if (jobProblem is not null)
            {
                return (jobs, jobProblem.At($"{source}, job {objects.Count} (line {objects.CurrentLine})"));
            }
            if (job!.Id is { } id && !ids.TryAdd(id, objects.Count))
            {
                return (jobs, new InputProblem(
                    $"{source}, job {objects.Count} (line {objects.CurrentLine}): the id '{id}' is already used by job {ids[id]} of the input",
                    "give each job its own id, or leave ids out to get generated ones"));
            }
            jobs.Add(job);
        }
        if (problem is not null)
        {
            return (jobs, problem.At(source));
        }
        return jobs.Count == 0
            ? (jobs, new InputProblem($"{source} holds no jobs", "give one JSON object, an array of objects, or one object per line"))
            : (jobs, null);
    }
}
