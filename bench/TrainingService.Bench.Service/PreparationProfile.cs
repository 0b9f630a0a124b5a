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
using TrainingService.Engine;

namespace TrainingService.Bench.Service;

/// <summary>The job's own preparation steps, re-run and timed one by one in this process.</summary>
internal sealed record PreparationTimes(double LoadMs, double PrepareMs, double ModelWriteMs, int ModelBytes)
{
    /// <summary>Fitting and encoding the preprocessing: the preparation minus its dataset load.</summary>
    public double PreprocessMs => Math.Max(0, PrepareMs - LoadMs);
}

/// <summary>
/// Splits the job's preparation, which the Api logs only as a whole, by running the same Core code here against the
/// bench database after the job: <see cref="DatasetStore.LoadAsync"/> alone, then
/// <see cref="TrainingPreparation.PrepareAsync"/> (load, split, fit, encode), then the trained-model write.
/// </summary>
internal static class PreparationProfile
{
    public static async Task<PreparationTimes> RunAsync(string connectionString, Guid jobId, int threads, CancellationToken ct)
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
        GC.KeepAlive(data);
        data = null;

        start = Stopwatch.GetTimestamp();
        var prepared = await scope.ServiceProvider.GetRequiredService<TrainingPreparation>().PrepareAsync(job, options, definition, threads, ct);
        double prepareMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;

        var network = new Network(prepared.NetworkSpec, options.BatchSize, threads);
        start = Stopwatch.GetTimestamp();
        byte[] model = TrainedModelFormat.Write(prepared.Preprocessing, network);
        double modelWriteMs = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        return new PreparationTimes(loadMs, prepareMs, modelWriteMs, model.Length);
    }
}
