// QuickStart: upload a CSV, define a model, train it with a live progress bar, predict, print the confusion matrix.
//   dotnet run --project samples/QuickStart -- [baseUrl] [apiKey]
// or set TRAININGSERVICE_URL and TRAININGSERVICE_KEY. With TRAININGSERVICE_ADMIN_KEY instead of a key, it first
// creates a tenant of its own (docker compose's development administrator key works).
using QuickStart;
using TrainingService.Client;

var baseUrl = new Uri(args.ElementAtOrDefault(0) ?? Environment.GetEnvironmentVariable("TRAININGSERVICE_URL") ?? "http://localhost:8080/");
string? key = args.ElementAtOrDefault(1) ?? Environment.GetEnvironmentVariable("TRAININGSERVICE_KEY");
using var cancel = new CancellationTokenSource();
Console.CancelKeyPress += (_, e) =>
{
    e.Cancel = true;
    cancel.Cancel();
};

try
{
    key ??= await TenantKey.CreateAsync(baseUrl, Environment.GetEnvironmentVariable("TRAININGSERVICE_ADMIN_KEY"), cancel.Token);
    using var client = new TrainingServiceClient(baseUrl, key);

    string csv = Path.Combine(AppContext.BaseDirectory, "iris.csv");
    var dataset = await client.Datasets.UploadAsync(csv, "iris", cancel.Token);
    Console.WriteLine($"Uploaded {dataset.Name}: {dataset.RowCount} rows, columns {string.Join(", ", dataset.Columns.Select(c => $"{c.Name} ({c.Type})"))}");

    var model = await client.Models.CreateAsync(new CreateModelRequest("iris-mlp", ModelTask.Classification, "species")
    {
        Layers = [new DenseLayer(16, Activation.Relu), new DropoutLayer(0.1)],
        Optimizer = new Optimizer(OptimizerType.Adam, LearningRate: 0.02),
        Seed = 42,
    }, cancel.Token);
    Console.WriteLine($"Model {model.Name}: {model.Layers.Count} hidden layers, {model.OutputLayer}");

    var job = await client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id) { Epochs = 60, BatchSize = 16 }, cancel.Token);
    Console.WriteLine($"Training job {job.Id} queued: {job.Plan?.Parameters} parameters, {job.Plan?.TrainingRows} training rows");
    job = await TrainingProgress.FollowAsync(client, job, cancel.Token);
    if (job.Status != TrainingJobStatus.Succeeded)
    {
        Console.Error.WriteLine($"The job ended {job.Status}: {job.Error}");
        return 1;
    }

    var prediction = await client.Predictions.CreateAsync(model.Id, PredictionRequest.ForRows(
    [
        new Dictionary<string, object?> { ["sepal_length"] = 5.1, ["sepal_width"] = 3.5, ["petal_length"] = 1.4, ["petal_width"] = 0.2 },
        new Dictionary<string, object?> { ["sepal_length"] = 6.0, ["sepal_width"] = 2.8, ["petal_length"] = 4.4, ["petal_width"] = 1.3 },
        new Dictionary<string, object?> { ["sepal_length"] = 6.9, ["sepal_width"] = 3.1, ["petal_length"] = 5.8, ["petal_width"] = 2.2 },
    ]), cancel.Token);
    Console.WriteLine();
    Console.WriteLine("Predictions:");
    foreach (var row in prediction.Predictions)
        Console.WriteLine($"  {row.Label,-12} {string.Join("  ", row.Probabilities!.Select(p => $"{p.Key} {p.Value:P1}"))}");

    ConfusionMatrix.Print(job.Evaluation!);
    return 0;
}
catch (TrainingServiceException e)
{
    Console.Error.WriteLine($"The service refused a request: {e.Message}");
    return 2;
}
catch (HttpRequestException e)
{
    Console.Error.WriteLine($"Could not reach {baseUrl}: {e.Message} (is `docker compose up` running?)");
    return 3;
}
catch (OperationCanceledException) when (cancel.IsCancellationRequested)
{
    return 130;
}
