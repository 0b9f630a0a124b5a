using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Training;
using TrainingService.Core.Data;
using TrainingService.Core.Training;
using TrainingService.Core.Tuning;

namespace TrainingService.Api.Tests.Tuning;

/// <summary>The prune decided, then the worker lost before the run ended: the trial's next run must still end it pruned.</summary>
public sealed class TrialPruneRaceTests(QueuedOnlyApiFactory factory) : IClassFixture<QueuedOnlyApiFactory>
{
    [Fact]
    public async Task RunAfterAWorkerDiedBetweenThePruneAndTheEnd_EndsPrunedNotCancelled()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, TrainingScenario.ClassificationCsv(200));
        Guid model = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("classification", "label"));
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs = 100_000 });

        // What the lost run leaves: the job held (running, one attempt counted) and the pruner's decision stored.
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            await db.TrainingJobs.Where(j => j.Id == job).ExecuteUpdateAsync(s => s
                .SetProperty(j => j.Status, TrainingJobStatus.Running).SetProperty(j => j.Attempts, 1).SetProperty(j => j.StartedAt, DateTimeOffset.UtcNow));
            Assert.True(await TrialPruning.RecordAsync(db, job, CancellationToken.None));
        }

        // Hangfire fetches the job again after its worker died: this run pruned nothing itself.
        await factory.RunJobAsync(job, CancellationToken.None);
        var ended = await TrainingScenario.GetJobAsync(client, job);

        Assert.Equal("cancelled", ended.GetProperty("status").GetString());
        Assert.Equal("pruned", ended.GetProperty("stopReason").GetString());
    }
}
