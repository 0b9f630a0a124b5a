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
        using var recorder = new MetricsRecorder(factory.Services.GetRequiredService<IMeterFactory>());

        metrics.EpochCompleted();
        metrics.JobCompleted("succeeded");
        metrics.RecordSamplesPerSecond(1234.5);
        metrics.Prepared(reused: true);

        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.EpochsCompletedName && m.Value == 1);
        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.JobsCompletedName && m.Value == 1
            && m.Tags.Contains(new KeyValuePair<string, object?>(TrainingServiceMetrics.StatusTag, "succeeded")));
        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.SamplesPerSecondName && m.Value == 1234.5);
        Assert.Contains(recorder.Measurements, m => m.Name == TrainingServiceMetrics.PreparationsName && m.Has(TrainingServiceMetrics.DataTag, "reused"));
    }

    [Fact]
    public void QueueLengthGauge_TwoJobsEnqueuedNoWorker_ObservesTwo()
    {
        var client = factory.Services.GetRequiredService<IBackgroundJobClient>();
        using var recorder = new MetricsRecorder(factory.Services.GetRequiredService<IMeterFactory>());

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
}
