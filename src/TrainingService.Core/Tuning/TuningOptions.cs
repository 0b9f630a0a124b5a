using System.ComponentModel.DataAnnotations;

namespace TrainingService.Core.Tuning;

/// <summary>"Tuning" section (<c>Tuning__MaxTrials</c>, <c>Tuning__MaxParallel</c>): how much one tuning job may ask for.</summary>
public sealed class TuningOptions
{
    public const string SectionName = "Tuning";

    /// <summary>Most trials one tuning job may run (and most points its grid may have).</summary>
    [Range(1, 1000)]
    public int MaxTrials { get; set; } = 1000;

    /// <summary>
    /// Most trials of one tuning job queued or running at once. Kept below the worker count so a tuning job never
    /// holds every worker: other tenants' jobs queued meanwhile run between its trials.
    /// </summary>
    [Range(1, 256)]
    public int MaxParallel { get; set; } = 4;
}
