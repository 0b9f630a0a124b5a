namespace TrainingService.Bench.Tuning;

/// <summary>A finished search: its trials and the figures the compare script tabulates.</summary>
internal sealed record TuningOutcome(Guid Id, DateTimeOffset Submitted, IReadOnlyList<TrialMeasure> Trials)
{
    /// <summary>From just before the POST to the last trial's end (both clocks this machine's).</summary>
    public TimeSpan Wall => Trials.Max(t => t.FinishedAt) - Submitted;

    /// <summary>Time the trials' jobs were running (from the worker's start of each to its end), summed over trials.</summary>
    public TimeSpan Running => TimeSpan.FromTicks(Trials.Sum(t => (t.FinishedAt - t.StartedAt).Ticks));

    /// <summary>The epochs' own time, summed: training and validation passes, without the job's load, preparation and writes.</summary>
    public double TrainingSeconds => Trials.Sum(t => t.TrainingSeconds);

    public TrialMeasure Best => Trials.Where(t => t.Objective is not null).MaxBy(t => t.Objective!.Value)!;

    public double BestLastAccuracy => Trials.Max(t => t.LastAccuracy ?? 0);

    public int Pruned => Trials.Count(t => t.StopReason == "pruned");

    public int Epochs => Trials.Sum(t => t.Epochs);

    /// <summary>The median wait of a trial from its creation (queued) to its start on a worker.</summary>
    public double MedianQueueSeconds => Trials.Select(t => (t.StartedAt - t.CreatedAt).TotalSeconds).Order().ElementAt(Trials.Count / 2);
}
