using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Infrastructure;

internal sealed record RecordedMeasurement(string Name, double Value, KeyValuePair<string, object?>[] Tags)
{
    public bool Has(string tag, string value) => Tags.Contains(new KeyValuePair<string, object?>(tag, value));
}

/// <summary>Listens to one host's TrainingService meter only: other test hosts in the process have their own.</summary>
internal sealed class MetricsRecorder : IDisposable
{
    private readonly ConcurrentQueue<RecordedMeasurement> _measurements = new();

    public MetricsRecorder(IMeterFactory scope)
    {
        Listener = new MeterListener
        {
            InstrumentPublished = (instrument, listener) =>
            {
                if (instrument.Meter.Name == TrainingServiceMetrics.MeterName && ReferenceEquals(instrument.Meter.Scope, scope))
                    listener.EnableMeasurementEvents(instrument);
            },
        };
        Listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, value, tags.ToArray())));
        Listener.SetMeasurementEventCallback<double>((instrument, value, tags, _) => _measurements.Enqueue(new(instrument.Name, value, tags.ToArray())));
        Listener.Start();
    }

    public MeterListener Listener { get; }

    public IReadOnlyCollection<RecordedMeasurement> Measurements => _measurements.ToArray();

    public void Dispose() => Listener.Dispose();
}
