namespace QueueCtl.Actors.Domain;

/// <summary>
/// A validated job submission: what <c>queuectl enqueue</c> sends and <see cref="JobsEnqueued"/> stores.
/// <see cref="MaxRetries"/> is already resolved (from the submission or from config at enqueue time).
/// </summary>
public sealed record NewJob(string Id, string Command, int MaxRetries);
