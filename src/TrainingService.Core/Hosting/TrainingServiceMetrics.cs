using System.Diagnostics.Metrics;
using Hangfire;
using Microsoft.Extensions.Logging;

namespace TrainingService.Core.Hosting;

/// <summary>
/// The service's own instruments on the <c>TrainingService</c> meter. Training code records through this singleton;
/// the OpenTelemetry pipeline of <see cref="TelemetryExtensions"/> exports them.
/// </summary>
public sealed class TrainingServiceMetrics
{
    public const string MeterName = "TrainingService";

    public const string EpochsCompletedName = "trainingservice.epochs.completed";
    public const string JobsCompletedName = "trainingservice.jobs.completed";
    public const string SamplesPerSecondName = "trainingservice.training.samples_per_second";
    public const string QueueLengthName = "trainingservice.queue.length";
    public const string PreparationsName = "trainingservice.training.preparations";

    /// <summary>Tag on <see cref="JobsCompletedName"/>: the job's final status (e.g. <c>succeeded</c>, <c>failed</c>, <c>cancelled</c>).</summary>
    public const string StatusTag = "status";

    /// <summary>Tag on <see cref="QueueLengthName"/>: the Hangfire queue.</summary>
    public const string QueueTag = "queue";

    /// <summary>Tag on <see cref="PreparationsName"/>: <c>reused</c> (the worker's kept data) or <c>prepared</c> (from the dataset).</summary>
    public const string DataTag = "data";

    private readonly Counter<long> _epochsCompleted;
    private readonly Counter<long> _jobsCompleted;
    private readonly Histogram<double> _samplesPerSecond;
    private readonly Counter<long> _preparations;
    private readonly JobStorage? _storage;
    private readonly ILogger<TrainingServiceMetrics> _logger;

    public TrainingServiceMetrics(IMeterFactory meterFactory, ILogger<TrainingServiceMetrics> logger, JobStorage? storage = null)
    {
        _storage = storage;
        _logger = logger;
        var meter = meterFactory.Create(MeterName);
        _epochsCompleted = meter.CreateCounter<long>(EpochsCompletedName, "{epoch}", "Training epochs completed (each one checkpointed).");
        _jobsCompleted = meter.CreateCounter<long>(JobsCompletedName, "{job}", "Training jobs that reached a final status, tagged by status.");
        _samplesPerSecond = meter.CreateHistogram<double>(SamplesPerSecondName, "{sample}/s", "Training throughput of one epoch.");
        _preparations = meter.CreateCounter<long>(PreparationsName, "{job}",
            "Training job preparations, tagged by whether the worker reused the data it kept from an earlier job (ADR-025).");
        meter.CreateObservableGauge(QueueLengthName, ObserveQueueLength, "{job}", "Training jobs enqueued and not yet fetched by a worker.");
    }

    public void EpochCompleted() => _epochsCompleted.Add(1);

    public void JobCompleted(string status) => _jobsCompleted.Add(1, new KeyValuePair<string, object?>(StatusTag, status));

    public void RecordSamplesPerSecond(double samplesPerSecond) => _samplesPerSecond.Record(samplesPerSecond);

    public void Prepared(bool reused) => _preparations.Add(1, new KeyValuePair<string, object?>(DataTag, reused ? "reused" : "prepared"));

    /// <summary>Read when a metrics reader collects (once per export interval), not on every job.</summary>
    private IEnumerable<Measurement<long>> ObserveQueueLength()
    {
        if (_storage is null)
            return [];
        try
        {
            long length = _storage.GetMonitoringApi().EnqueuedCount(Queues.Training);
            return [new Measurement<long>(length, new KeyValuePair<string, object?>(QueueTag, Queues.Training))];
        }
        catch (Exception ex)
        {
            // A collection must not throw into the exporter; a missing point says the database did not answer.
            _logger.LogWarning(ex, "Could not read the length of queue {Queue}", Queues.Training);
            return [];
        }
    }
}
