using System.Diagnostics;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine;

namespace TrainingService.Bench.Service;

/// <summary>The job's own preparation, re-run and timed in this process, with its two largest steps on their own.</summary>
internal sealed record PreparationTimes(double PrepareMs, double StreamMs, double EncodeMs, double ModelWriteMs, int ModelBytes);

/// <summary>
/// Splits the job's preparation, which the Api logs only as a whole, by running the same Core calls here against the
/// bench database after the job: <see cref="TrainingPreparation.PrepareAsync"/> as a whole; the numeric features
/// streamed into a fresh input matrix (<see cref="DatasetStore.StreamColumnBlocksAsync"/> into a
/// <see cref="FeatureMatrixBuilder"/>, statistics included); that matrix encoded in place with the fitted
/// preprocessing; and the trained-model write. Each the median of <see cref="Repeats"/> runs, as single runs on a
/// shared machine vary by half.
/// </summary>
internal static class PreparationProfile
{
    private const int Repeats = 3;

    public static async Task<PreparationTimes> RunAsync(string connectionString, Guid jobId, int threads, CancellationToken ct)
    {
        var runs = new List<PreparationTimes>();
        for (int i = 0; i < Repeats; i++)
            runs.Add(await RunOnceAsync(connectionString, jobId, threads, ct));
        return new PreparationTimes(
            Stats.Of(runs.Select(r => r.PrepareMs)).Median, Stats.Of(runs.Select(r => r.StreamMs)).Median, Stats.Of(runs.Select(r => r.EncodeMs)).Median,
            Stats.Of(runs.Select(r => r.ModelWriteMs)).Median, runs[0].ModelBytes);
    }

    private static async Task<PreparationTimes> RunOnceAsync(string connectionString, Guid jobId, int threads, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging()
            .AddMetrics()
            .AddSingleton<TrainingServiceMetrics>();
        services.AddTrainingServiceData(configuration);
        services.AddDatasetStorage().AddTraining();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        await TrainingJobRunner.EnterJobTenantAsync(db, jobId, ct);

        var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var definition = await db.Models.Where(m => m.Id == job.ModelId).Select(m => m.Definition).SingleAsync(ct);
        var options = job.Parameters;

        long start = Stopwatch.GetTimestamp();
        var prepared = await scope.ServiceProvider.GetRequiredService<TrainingPreparation>().PrepareAsync(job, options, definition, threads, ct);
        double prepareMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        // The bench's model uses every column but the target as a numeric feature, validationSplit 0.
        var store = scope.ServiceProvider.GetRequiredService<DatasetStore>();
        var dataset = (await store.LoadSchemaAsync(job.RecordedDatasetId, withCategories: true, ct))!;
        var features = dataset.Columns.Where(c => c.Name != definition.TargetColumn).Select(c => c.WithValues([])).ToList();
        int[] rows = [.. Enumerable.Range(0, (int)dataset.RowCount)];
        start = Stopwatch.GetTimestamp();
        var matrix = new FeatureMatrixBuilder(rows.Length, rows, [], [.. Enumerable.Range(0, features.Count)], features.Count, gatherStatistics: true);
        await store.StreamColumnBlocksAsync(job.RecordedDatasetId, dataset.RowCount, [.. features.Select(f => f.Ordinal)], matrix.Add, ct);
        double streamMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        prepared.Preprocessing.EncodeInPlace(features, rows, matrix.Train, threads);
        double encodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        if (!matrix.Train.AsSpan().SequenceEqual(prepared.Train.Features))
            throw new InvalidOperationException("The re-run encoding differs from the preparation's.");

        var network = new Network(prepared.NetworkSpec, options.BatchSize, threads);
        start = Stopwatch.GetTimestamp();
        byte[] model = TrainedModelFormat.Write(prepared.Preprocessing, network);
        double modelWriteMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new PreparationTimes(prepareMs, streamMs, encodeMs, modelWriteMs, model.Length);
    }
}
