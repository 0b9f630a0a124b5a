using System.Diagnostics;
using System.Text.Json;
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

/// <summary>The job's own preparation steps, re-run and timed one by one in this process.</summary>
internal sealed record PreparationTimes(double LoadMs, double FitMs, double EncodeMs, double ModelWriteMs, int ModelBytes);

/// <summary>
/// Splits the job's preparation, which the Api logs only as a whole, by running the same Core calls here against the
/// bench database after the job: <see cref="DatasetStore.LoadAsync"/>, <see cref="PreprocessingFitter.Fit"/> on all
/// rows (validationSplit 0), the feature and target encoding, and the trained-model write; each the median of
/// <see cref="Repeats"/> runs, as single runs on a shared machine vary by half.
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
            Stats.Of(runs.Select(r => r.LoadMs)).Median, Stats.Of(runs.Select(r => r.FitMs)).Median, Stats.Of(runs.Select(r => r.EncodeMs)).Median,
            Stats.Of(runs.Select(r => r.ModelWriteMs)).Median, runs[0].ModelBytes);
    }

    private static async Task<PreparationTimes> RunOnceAsync(string connectionString, Guid jobId, int threads, CancellationToken ct)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["ConnectionStrings:Postgres"] = connectionString })
            .Build();
        var services = new ServiceCollection()
            .AddSingleton<IConfiguration>(configuration)
            .AddLogging();
        services.AddTrainingServiceData(configuration);
        services.AddTraining();
        await using var provider = services.BuildServiceProvider();
        await using var scope = provider.CreateAsyncScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();

        var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == jobId, ct);
        var definition = ModelDefinitionJson.Deserialize(await db.Models.Where(m => m.Id == job.ModelId).Select(m => m.Definition).SingleAsync(ct));
        var options = JsonSerializer.Deserialize<TrainingJobOptions>(job.Options, TrainingJson.Options)!;

        long start = Stopwatch.GetTimestamp();
        var data = await scope.ServiceProvider.GetRequiredService<DatasetStore>().LoadAsync(job.DatasetId, null, ct)
            ?? throw new InvalidOperationException($"Dataset {job.DatasetId} is gone.");
        double loadMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var target = data.Columns.Single(c => c.Name == definition.TargetColumn);
        var features = data.Columns.Where(c => c.Name != definition.TargetColumn).ToList();
        int[] rows = [.. Enumerable.Range(0, data.RowCount)];
        start = Stopwatch.GetTimestamp();
        int classes = PreprocessingFitter.ClassLabels(target).Length;
        if (!ModelOutput.TryResolve(definition, classes, out var output, out string error))
            throw new InvalidOperationException(error);
        var preprocessing = PreprocessingFitter.Fit(features, target, rows, classification: true, output.Units,
            definition.Preprocessing.Numeric, definition.Preprocessing.Missing, threads);
        double fitMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        start = Stopwatch.GetTimestamp();
        var x = new float[rows.Length * preprocessing.InputWidth];
        var y = new float[rows.Length * preprocessing.Target.OutputWidth];
        preprocessing.EncodeFeatures(features, rows, x, threads);
        preprocessing.EncodeTargets(target, rows, y);
        double encodeMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var network = new Network(ModelDefinitionMapping.ToNetworkSpec(definition, preprocessing.InputWidth, output), options.BatchSize, threads);
        start = Stopwatch.GetTimestamp();
        byte[] model = TrainedModelFormat.Write(preprocessing, network);
        double modelWriteMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new PreparationTimes(loadMs, fitMs, encodeMs, modelWriteMs, model.Length);
    }
}
