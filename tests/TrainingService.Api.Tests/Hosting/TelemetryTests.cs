using System.Collections.Concurrent;
using System.Diagnostics.Metrics;
using Hangfire;
using Hangfire.States;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Hosting;

public sealed class TelemetryTests(TelemetryTests.ApiWithoutWorkersFactory factory) : IClassFixture<TelemetryTests.ApiWithoutWorkersFactory>
{
    [Fact]
    public void Record_EachInstrument_MeasurementCarriesNameAndTags()
    {
        var metrics = factory.Services.GetRequiredService<TrainingServiceMetrics>();
        using var recorder = new Recorder(factory.Services.GetRequiredService<IMeterFactory>());

        metrics.EpochCompleted();
        metrics.JobCompleted("succeeded");
        metrics.RecordSamplesPerSecond(1234.5);

        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.EpochsCompletedName && m.Value == 1);
        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.JobsCompletedName && m.Value == 1
            && m.Tags.Contains(new KeyValuePair<string, object?>(TrainingServiceMetrics.StatusTag, "succeeded")));
        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.SamplesPerSecondName && m.Value == 1234.5);
    }

    [Fact]
    public void QueueLengthGauge_TwoJobsEnqueuedNoWorker_ObservesTwo()
    {
        var client = factory.Services.GetRequiredService<IBackgroundJobClient>();
        using var recorder = new Recorder(factory.Services.GetRequiredService<IMeterFactory>());

        client.Create<HangfireTests.MarkerJob>(job => job.RunAsync(Guid.NewGuid(), CancellationToken.None), new EnqueuedState(Queues.Training));
        client.Create<HangfireTests.MarkerJob>(job => job.RunAsync(Guid.NewGuid(), CancellationToken.None), new EnqueuedState(Queues.Training));
        recorder.Listener.RecordObservableInstruments();

        var length = Assert.Single(recorder.Measurements, m => m.Name == TrainingServiceMetrics.QueueLengthName);
        Assert.Equal(2, length.Value);
        Assert.Contains(new KeyValuePair<string, object?>(TrainingServiceMetrics.QueueTag, Queues.Training), length.Tags);
    }

    /// <summary>The Api alone: nothing fetches enqueued jobs, so the queue length stays what the test made it.</summary>
    public sealed class ApiWithoutWorkersFactory : ApiFactory
    {
        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Workers:InProcess", "false");
        }
    }

    private sealed record Recorded(string Name, double Value, KeyValuePair<string, object?>[] Tags);

    /// <summary>Listens to this host's TrainingService meter only: other test hosts in the process have their own.</summary>
    private sealed class Recorder : IDisposable
    {
        private readonly ConcurrentQueue<Recorded> _measurements = new();

        public Recorder(IMeterFactory scope)
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

        public IReadOnlyCollection<Recorded> Measurements => _measurements.ToArray();

        public void Dispose() => Listener.Dispose();
    }
}
