using System.Globalization;
using System.Net;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Training;

public sealed class ClassWeightsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task Balanced_ImbalancedData_RaisesMinorityRecallOverUnweighted()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, Imbalanced(2000));
        Guid model = await TrainingScenario.CreateModelAsync(client, BinaryModel());

        var unweighted = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 15, batchSize = 32 });
        var balanced = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 15, batchSize = 32, classWeights = "balanced" });

        double plainRecall = RecallOf(unweighted, "rare"), balancedRecall = RecallOf(balanced, "rare");
        Assert.True(balancedRecall > plainRecall + 0.2, $"minority recall: unweighted {plainRecall}, balanced {balancedRecall}");

        // The plan shows the weights trained with: n / (classes × count) over the training rows.
        var weights = balanced.GetProperty("plan").GetProperty("classWeights");
        Assert.Equal("balanced", weights.GetProperty("mode").GetString());
        double rare = weights.GetProperty("resolved").GetProperty("rare").GetDouble(), common = weights.GetProperty("resolved").GetProperty("common").GetDouble();
        long trainingRows = balanced.GetProperty("plan").GetProperty("trainingRows").GetInt64();
        long rareTrainingRows = 100 - SupportOf(balanced, "rare");
        Assert.Equal(trainingRows / (2.0 * rareTrainingRows), rare, 6);
        Assert.Equal(trainingRows / (2.0 * (trainingRows - rareTrainingRows)), common, 6);
        Assert.Equal("balanced", balanced.GetProperty("options").GetProperty("classWeights").GetString());
        Assert.Equal(JsonValueKind.Null, unweighted.GetProperty("plan").GetProperty("classWeights").ValueKind);
    }

    [Fact]
    public async Task ByLabel_CategoricalLoss_ResolvedForEveryClassAndRaisesItsRecall()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, Imbalanced(2000, classes: ["common", "rare", "other"]));
        Guid model = await TrainingScenario.CreateModelAsync(client, BinaryModel());

        var unweighted = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 15, batchSize = 32 });
        var weighted = await TrainAsync(client, new { modelId = model, datasetId = dataset, epochs = 15, batchSize = 32, classWeights = new { rare = 15.0 } });

        Assert.Equal("categoricalCrossEntropy", weighted.GetProperty("plan").GetProperty("loss").GetString());
        var resolved = weighted.GetProperty("plan").GetProperty("classWeights").GetProperty("resolved");
        Assert.Equal(15.0, resolved.GetProperty("rare").GetDouble());
        Assert.Equal(1.0, resolved.GetProperty("common").GetDouble());
        Assert.Equal(1.0, resolved.GetProperty("other").GetDouble());
        Assert.True(RecallOf(weighted, "rare") > RecallOf(unweighted, "rare"), $"rare recall: {RecallOf(unweighted, "rare")} → {RecallOf(weighted, "rare")}");
    }

    [Fact]
    public async Task WeightColumn_LeftOutOfFeaturesAndWeighsRows()
    {
        var client = factory.CreateClient();
        // The weight column gives the rare rows 19 times the weight: like balanced class weights, by row.
        string csv = Imbalanced(2000, weightColumn: true);
        Guid dataset = await TrainingScenario.UploadAsync(client, csv);
        Guid allColumns = await TrainingScenario.CreateModelAsync(client, BinaryModel());
        var xy = BinaryModel();
        xy["featureColumns"] = new JsonArray("x", "y"); // the weight column would give the label away as a feature
        Guid xyOnly = await TrainingScenario.CreateModelAsync(client, xy);

        var weighted = await TrainAsync(client, new { modelId = allColumns, datasetId = dataset, epochs = 15, batchSize = 32, weightColumn = "w" });
        var unweighted = await TrainAsync(client, new { modelId = xyOnly, datasetId = dataset, epochs = 15, batchSize = 32 });

        var weightedFeatures = weighted.GetProperty("plan").GetProperty("features").EnumerateArray().Select(f => f.GetProperty("column").GetString()!).ToArray();
        Assert.Equal(["x", "y"], weightedFeatures);
        Assert.Equal("w", weighted.GetProperty("plan").GetProperty("weightColumn").GetString());
        Assert.True(RecallOf(weighted, "rare") > RecallOf(unweighted, "rare") + 0.2, $"rare recall: {RecallOf(unweighted, "rare")} → {RecallOf(weighted, "rare")}");
    }

    [Fact]
    public async Task Create_InvalidWeights_Return400NamingTheField()
    {
        var client = factory.CreateClient();
        Guid dataset = await TrainingScenario.UploadAsync(client, Imbalanced(200, weightColumn: true, withMissingWeight: true));
        Guid classifier = await TrainingScenario.CreateModelAsync(client, BinaryModel());
        Guid regressor = await TrainingScenario.CreateModelAsync(client, TrainingScenario.Model("regression", "x"));

        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, classWeights = new Dictionary<string, double> { ["rare"] = 2, ["nope"] = 1 } }, "classWeights.nope");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, classWeights = new { rare = -1.0 } }, "classWeights.rare");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, classWeights = "heavy" }, "classWeights");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, classWeights = new { } }, "classWeights");
        await AssertRefusedAsync(client, new { modelId = regressor, datasetId = dataset, classWeights = "balanced" }, "classWeights");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, weightColumn = "missing" }, "weightColumn");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, weightColumn = "label" }, "weightColumn");
        await AssertRefusedAsync(client, new { modelId = classifier, datasetId = dataset, weightColumn = "w" }, "weightColumn"); // has a missing value
        var nan = await client.PostAsync("/api/training-jobs", new StringContent(
            $$"""{ "modelId": "{{classifier}}", "datasetId": "{{dataset}}", "classWeights": { "rare": "NaN" } }""", Encoding.UTF8, "application/json"));
        Assert.Equal(HttpStatusCode.BadRequest, nan.StatusCode);
        Assert.Contains("classWeights", await nan.Content.ReadAsStringAsync());
    }

    [Fact]
    public async Task OpenApi_ClassWeights_IsBalancedOrAMapOfWeights()
    {
        var document = JsonNode.Parse(await factory.CreateClient().GetStringAsync("/openapi/v1.json"))!;

        var schema = document["components"]!["schemas"]!["ClassWeights"]!;

        var variants = schema["oneOf"]!.AsArray();
        Assert.Equal("balanced", variants[0]!["enum"]![0]!.GetValue<string>());
        Assert.Equal("number", variants[1]!["additionalProperties"]!["type"]!.GetValue<string>());
        Assert.Null(schema["properties"]?["isBalanced"]);
    }

    private static async Task AssertRefusedAsync(HttpClient client, object job, string field)
    {
        var response = await client.PostAsJsonAsync("/api/training-jobs", job);
        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.NotEmpty(await TrainingScenario.ErrorsAsync(response, field));
    }

    private static async Task<JsonElement> TrainAsync(HttpClient client, object job)
    {
        Guid id = await TrainingScenario.StartJobAsync(client, job);
        var finished = await TrainingScenario.WaitUntilFinishedAsync(client, id);
        Assert.True(finished.GetProperty("status").GetString() == "succeeded", $"job failed: {finished}");
        return finished;
    }

    private static ClassEvaluationRow ClassRow(JsonElement job, string label) =>
        job.GetProperty("evaluation").GetProperty("classification").GetProperty("perClass").EnumerateArray()
            .Where(c => c.GetProperty("label").GetString() == label)
            .Select(c => new ClassEvaluationRow(c.GetProperty("recall").GetDouble(), c.GetProperty("support").GetInt64())).Single();

    private static double RecallOf(JsonElement job, string label) => ClassRow(job, label).Recall;

    private static long SupportOf(JsonElement job, string label) => ClassRow(job, label).Support;

    private sealed record ClassEvaluationRow(double Recall, long Support);

    private static JsonObject BinaryModel() => TrainingScenario.Model("classification", "label", hiddenUnits: 8);

    /// <summary>
    /// 95% "common" around the origin, 5% "rare" shifted by 1.2 in x and y: the classes overlap, so a loss that counts
    /// every row alike learns to say "common" almost always. With three classes the common ones split in two by y.
    /// </summary>
    private static string Imbalanced(int rows, string[]? classes = null, bool weightColumn = false, bool withMissingWeight = false)
    {
        classes ??= ["common", "rare"];
        var random = new Random(11);
        var csv = new StringBuilder(weightColumn ? "x,y,w,label\n" : "x,y,label\n");
        for (int i = 0; i < rows; i++)
        {
            bool rare = i % 20 == 7;
            double x = Gaussian(random) + (rare ? 1.2 : 0), y = Gaussian(random) + (rare ? 1.2 : 0);
            string label = rare ? "rare" : classes.Length == 3 && y < 0 ? "other" : "common";
            string w = withMissingWeight && i == 3 ? "" : rare ? "19" : "1";
            string features = string.Create(CultureInfo.InvariantCulture, $"{x:F4},{y:F4}");
            csv.Append(weightColumn ? $"{features},{w},{label}\n" : $"{features},{label}\n");
        }

        return csv.ToString();
    }

    private static double Gaussian(Random random) =>
        Math.Sqrt(-2 * Math.Log(1 - random.NextDouble())) * Math.Cos(2 * Math.PI * random.NextDouble());
}
