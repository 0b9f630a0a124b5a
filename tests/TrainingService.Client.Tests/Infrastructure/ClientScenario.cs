using System.Text;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Infrastructure;

/// <summary>Small learnable data and the upload → model → job steps, all through the typed client.</summary>
internal static class ClientScenario
{
    /// <summary>The QuickStart sample's iris-like CSV (150 rows, four measurements, three species), linked into the output.</summary>
    public static readonly string IrisCsv = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "iris.csv"));

    public static Task<Dataset> UploadAsync(TrainingServiceClient client, string csv, string name = "data.csv") =>
        client.Datasets.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), name);

    public static CreateModelRequest Classifier(string name = "classifier") =>
        new(name, ModelTask.Classification, "species")
        {
            Layers = [new DenseLayer(16, Activation.Relu)],
            Optimizer = new Optimizer(OptimizerType.Adam, LearningRate: 0.01),
            Seed = 7,
        };

    /// <summary>Polls the job until it has finished (the event stream is not on every branch yet).</summary>
    public static Task<TrainingJob> FinishedAsync(TrainingServiceClient client, Guid jobId) =>
        Eventually.GetAsync(() => client.TrainingJobs.GetAsync(jobId), job => job.IsFinished, TimeSpan.FromMinutes(2), $"job {jobId} to finish");

    /// <summary>A classification dataset, a model and a succeeded job of <paramref name="epochs"/> epochs.</summary>
    public static async Task<(Dataset Dataset, Model Model, TrainingJob Job)> TrainAsync(TrainingServiceClient client, int epochs = 3)
    {
        var dataset = await UploadAsync(client, IrisCsv);
        var model = await client.Models.CreateAsync(Classifier());
        var queued = await client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id) { Epochs = epochs, BatchSize = 16 });
        var job = await FinishedAsync(client, queued.Id);
        Assert.True(job.Status == TrainingJobStatus.Succeeded, $"job ended {job.Status}: {job.Error}");
        return (dataset, model, job);
    }
}
