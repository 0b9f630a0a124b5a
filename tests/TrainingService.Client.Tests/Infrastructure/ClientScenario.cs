using System.Globalization;
using System.Text;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Infrastructure;

/// <summary>Small learnable data and the upload → model → job steps, all through the typed client.</summary>
internal static class ClientScenario
{
    /// <summary>Three classes decided by x + y, shifted by a categorical "shade" column.</summary>
    public static string ClassificationCsv(int rows, int seed = 1)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x,y,shade,label\n");
        for (int i = 0; i < rows; i++)
        {
            double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2;
            string shade = random.Next(2) == 0 ? "dark" : "light";
            double score = x + y + (shade == "dark" ? 0.5 : -0.5);
            string label = score < -1 ? "low" : score < 1 ? "mid" : "high";
            csv.Append(CultureInfo.InvariantCulture, $"{x:F4},{y:F4},{shade},{label}\n");
        }

        return csv.ToString();
    }

    public static Task<Dataset> UploadAsync(TrainingServiceClient client, string csv, string name = "data.csv") =>
        client.Datasets.UploadAsync(new MemoryStream(Encoding.UTF8.GetBytes(csv)), name);

    public static CreateModelRequest Classifier(string name = "classifier") =>
        new(name, ModelTask.Classification, "label")
        {
            Layers = [new DenseLayer(16, Activation.Relu)],
            Optimizer = new Optimizer(OptimizerType.Adam, LearningRate: 0.01),
            Seed = 7,
        };

    /// <summary>Polls the job until it has finished (the event stream is not on every branch yet).</summary>
    public static Task<TrainingJob> FinishedAsync(TrainingServiceClient client, Guid jobId) =>
        Eventually.GetAsync(() => client.TrainingJobs.GetAsync(jobId), job => job.IsFinished, TimeSpan.FromMinutes(2), $"job {jobId} to finish");

    /// <summary>A classification dataset, a model and a succeeded job of <paramref name="epochs"/> epochs.</summary>
    public static async Task<(Dataset Dataset, Model Model, TrainingJob Job)> TrainAsync(TrainingServiceClient client, int rows = 300, int epochs = 3)
    {
        var dataset = await UploadAsync(client, ClassificationCsv(rows));
        var model = await client.Models.CreateAsync(Classifier());
        var queued = await client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id) { Epochs = epochs, BatchSize = 16 });
        var job = await FinishedAsync(client, queued.Id);
        Assert.True(job.Status == TrainingJobStatus.Succeeded, $"job ended {job.Status}: {job.Error}");
        return (dataset, model, job);
    }
}
