using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Tests.Export;

namespace TrainingService.Api.Tests.Training;

/// <summary>
/// End to end: train on PostgreSQL, download <c>?format=onnx</c>, run it in ONNX Runtime and compare with
/// <c>POST /api/models/{id}/predictions</c> on the same rows (which rounds probabilities to 6 decimals).
/// </summary>
public sealed class OnnxExportTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private const double Tolerance = 1e-5;

    [Theory]
    [InlineData("multi-class", "gelu")]
    [InlineData("binary", "elu")]
    public async Task DownloadOnnx_Classifier_MatchesPredictionsEndpoint(string kind, string activation)
    {
        var client = factory.CreateClient();
        var (model, job) = await TrainAsync(client, Csv(kind == "binary", 300, seed: 11), "classification", "label", activation);
        var rows = Rows(kind == "binary", 60, seed: 12);

        byte[] onnx = await DownloadOnnxAsync(client, job);
        OnnxRunner.KeepForChecker($"http-{kind}.onnx", onnx);
        var exported = OnnxRunner.Run(onnx, rows);
        var predictions = await PredictAsync(client, model, job, rows);

        double maxDifference = 0;
        for (int r = 0; r < rows.Length; r++)
        {
            Assert.Equal(predictions[r].GetProperty("label").GetString(), exported.Labels![r]);
            var probabilities = predictions[r].GetProperty("probabilities");
            for (int c = 0; c < exported.ClassLabels.Length; c++)
                maxDifference = Math.Max(maxDifference, Math.Abs(probabilities.GetProperty(exported.ClassLabels[c]).GetDouble() - exported.Probabilities![r][c]));
        }

        Assert.True(maxDifference <= Tolerance, $"max |ONNX − service| = {maxDifference:E3}");
        Assert.Equal(kind == "binary" ? 2 : 3, exported.ClassLabels.Length);
    }

    [Fact]
    public async Task DownloadOnnx_Regressor_MatchesPredictionsEndpoint()
    {
        var client = factory.CreateClient();
        var random = new Random(21);
        string csv = TrainingScenario.Csv("a,b,shade,target", 300, _ =>
        {
            double a = random.NextDouble() * 2 - 1, b = random.NextDouble() * 2 - 1;
            string shade = random.Next(2) == 0 ? "dark" : "light";
            double target = 3 * a - 2 * b + (shade == "dark" ? 5 : 1);
            return string.Create(CultureInfo.InvariantCulture, $"{(random.Next(8) == 0 ? "" : a.ToString("F4", CultureInfo.InvariantCulture))},{b:F4},{shade},{target:F4}");
        });
        var (model, job) = await TrainAsync(client, csv, "regression", "target", "tanh");
        var rows = Enumerable.Range(0, 40).Select(i => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["a"] = i % 7 == 0 ? null : Math.Round(random.NextDouble() * 2 - 1, 4),
            ["b"] = Math.Round(random.NextDouble() * 2 - 1, 4),
            ["shade"] = (i % 3) switch { 0 => "dark", 1 => "light", _ => i % 2 == 0 ? null : "violet" },
        })).ToArray();

        byte[] onnx = await DownloadOnnxAsync(client, job);
        OnnxRunner.KeepForChecker("http-regression.onnx", onnx);
        var exported = OnnxRunner.Run(onnx, rows);
        var predictions = await PredictAsync(client, model, job, rows);

        double maxDifference = predictions.Select((p, r) => Math.Abs(p.GetProperty("value").GetDouble() - exported.Values![r])).Max();
        Assert.True(maxDifference <= Tolerance, $"max |ONNX − service| = {maxDifference:E3}");
    }

    [Fact]
    public async Task Download_UnknownFormat_Returns400NamingFormat()
    {
        var client = factory.CreateClient();
        var response = await client.GetAsync($"/api/training-jobs/{Guid.NewGuid()}/model?format=pmml");

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Contains("'onnx'", Assert.Single(await TrainingScenario.ErrorsAsync(response, "format")));
    }

    [Fact]
    public async Task Download_NoFormatOrNative_ServesTheEngineFile()
    {
        var client = factory.CreateClient();
        var (_, job) = await TrainAsync(client, Csv(binary: true, 120, seed: 3), "classification", "label", "relu", epochs: 2);

        foreach (string query in new[] { "", "?format=native" })
        {
            var response = await client.GetAsync($"/api/training-jobs/{job}/model{query}");
            Assert.Equal(HttpStatusCode.OK, response.StatusCode);
            Assert.Equal("TSMODEL\0"u8.ToArray(), (await response.Content.ReadAsByteArrayAsync())[..8]);
            Assert.Equal($"model-{job}.tsmodel", response.Content.Headers.ContentDisposition?.FileName);
        }

        var onnx = await client.GetAsync($"/api/training-jobs/{job}/model?format=ONNX");
        Assert.Equal($"model-{job}.onnx", onnx.Content.Headers.ContentDisposition?.FileName);
    }

    /// <summary>x, y numeric (x missing in about one row in eight), shade categorical (sometimes missing); three classes by x + y + shade, or two.</summary>
    private static string Csv(bool binary, int rows, int seed)
    {
        var random = new Random(seed);
        var csv = new StringBuilder("x,y,shade,label\n");
        for (int i = 0; i < rows; i++)
        {
            double x = random.NextDouble() * 4 - 2, y = random.NextDouble() * 4 - 2;
            string shade = random.Next(10) == 0 ? "" : random.Next(2) == 0 ? "dark" : "light";
            double score = x + y + (shade == "dark" ? 0.5 : -0.5);
            string label = binary ? (score < 0 ? "no" : "yes") : score < -1 ? "low" : score < 1 ? "mid" : "high";
            string xText = random.Next(8) == 0 ? "" : x.ToString("F4", CultureInfo.InvariantCulture);
            csv.Append(CultureInfo.InvariantCulture, $"{xText},{y:F4},{shade},{label}\n");
        }

        return csv.ToString();
    }

    /// <summary>Rows to score: some x null or "NA", some shade null or unseen.</summary>
    private static JsonElement[] Rows(bool binary, int count, int seed)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(i => JsonSerializer.SerializeToElement(new Dictionary<string, object?>
        {
            ["x"] = (i % 9) switch { 0 => null, 4 => "NA", _ => Math.Round(random.NextDouble() * 4 - 2, 4) },
            ["y"] = Math.Round(random.NextDouble() * 4 - 2, 4),
            ["shade"] = (i % 5) switch { 0 => null, 1 => "violet", 2 or 3 => "dark", _ => "light" },
        }))];
    }

    /// <summary>A model with a dense layer of <paramref name="activation"/>, batch normalization and dropout, trained on <paramref name="csv"/>.</summary>
    private static async Task<(Guid Model, Guid Job)> TrainAsync(HttpClient client, string csv, string task, string target, string activation, int epochs = 15)
    {
        Guid dataset = await TrainingScenario.UploadAsync(client, csv);
        var definition = TrainingScenario.Model(task, target, hiddenUnits: 12);
        definition["layers"] = new JsonArray(
            new JsonObject { ["type"] = "dense", ["units"] = 12, ["activation"] = activation },
            new JsonObject { ["type"] = "batchNormalization" },
            new JsonObject { ["type"] = "dropout", ["rate"] = 0.2 },
            new JsonObject { ["type"] = "dense", ["units"] = 6, ["activation"] = activation });
        Guid model = await TrainingScenario.CreateModelAsync(client, definition);
        Guid job = await TrainingScenario.StartJobAsync(client, new { modelId = model, datasetId = dataset, epochs, batchSize = 32 });
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, job);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", finished.ToString());
        return (model, job);
    }

    private static async Task<byte[]> DownloadOnnxAsync(HttpClient client, Guid job)
    {
        var response = await client.GetAsync($"/api/training-jobs/{job}/model?format=onnx");
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal("application/octet-stream", response.Content.Headers.ContentType?.MediaType);
        return await response.Content.ReadAsByteArrayAsync();
    }

    private static async Task<JsonElement[]> PredictAsync(HttpClient client, Guid model, Guid job, JsonElement[] rows)
    {
        var response = await client.PostAsJsonAsync($"/api/models/{model}/predictions", new { trainingJobId = job, rows });
        var body = await response.Content.ReadFromJsonAsync<JsonElement>();
        Assert.True(response.StatusCode == HttpStatusCode.Created, body.ToString());
        return [.. body.GetProperty("predictions").EnumerateArray()];
    }
}
