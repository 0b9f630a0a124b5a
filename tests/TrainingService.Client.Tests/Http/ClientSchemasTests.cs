using System.Text.Json;
using System.Text.Json.Serialization;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Http;

/// <summary>
/// The client's records and enums against the schemas of the Api's own <c>/openapi/v1.json</c>: a field or enum value
/// the service adds, renames or drops fails here, naming it, instead of being silently missed by the client.
/// </summary>
public sealed class ClientSchemasTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    /// <summary>Every schema of the document and the client type that reads or writes it.</summary>
    private static readonly Dictionary<string, Type> ClientTypes = new()
    {
        ["Activation"] = typeof(Activation),
        ["ApiKeyResponse"] = typeof(ApiKey),
        ["AveragedScores"] = typeof(AveragedScores),
        ["ClassEvaluation"] = typeof(ClassEvaluation),
        ["ClassificationEvaluation"] = typeof(ClassificationEvaluation),
        ["ClassWeights"] = typeof(ClassWeights),
        ["ColumnHistogram"] = typeof(ColumnHistogram),
        ["ColumnType"] = typeof(ColumnType),
        ["CreateModelRequest"] = typeof(CreateModelRequest),
        ["CrossValidationFold"] = typeof(CrossValidationFold),
        ["CrossValidationFoldResult"] = typeof(CrossValidationFoldResult),
        ["CrossValidationRequest"] = typeof(CrossValidation),
        ["CrossValidationSummary"] = typeof(CrossValidationSummary),
        ["DatasetColumnResponse"] = typeof(DatasetColumn),
        ["DatasetResponse"] = typeof(Dataset),
        ["DatasetRowsResponse"] = typeof(DatasetRows),
        ["DatasetSummaryResponse"] = typeof(DatasetSummary),
        ["EarlyStoppingRequest"] = typeof(EarlyStopping),
        ["EvaluationSource"] = typeof(EvaluationSource),
        ["FoldStanding"] = typeof(FoldStanding),
        ["LayerDefinitionBatchNormalizationLayerDefinition"] = typeof(BatchNormalizationLayer),
        ["LayerDefinitionDenseLayerDefinition"] = typeof(DenseLayer),
        ["LayerDefinitionDropoutLayerDefinition"] = typeof(DropoutLayer),
        ["LayerRequest"] = typeof(Layer),
        ["LayerSummary"] = typeof(LayerSummary),
        ["LearningRateScheduleRequest"] = typeof(LearningRateSchedule),
        ["LossFunction"] = typeof(LossFunction),
        ["MetricSpread"] = typeof(MetricSpread),
        ["MissingValueStrategy"] = typeof(MissingValueStrategy),
        ["ModelDefinition"] = typeof(ModelDefinition),
        ["ModelEvaluation"] = typeof(ModelEvaluation),
        ["ModelResponse"] = typeof(Model),
        ["ModelTask"] = typeof(ModelTask),
        ["NameRequest"] = typeof(NameBody),
        ["NumericScaling"] = typeof(NumericScaling),
        ["OptimizerDefinition"] = typeof(Optimizer),
        ["OptimizerRequest"] = typeof(Optimizer),
        ["OptimizerType"] = typeof(OptimizerType),
        ["OutputActivation"] = typeof(OutputActivation),
        ["PinProductionRequest"] = typeof(PinProductionBody),
        ["PlannedClassWeights"] = typeof(PlannedClassWeights),
        ["PageOfDatasetSummaryResponse"] = typeof(Page<DatasetSummary>),
        ["PageOfModelResponse"] = typeof(Page<Model>),
        ["PageOfPredictionSummary"] = typeof(Page<PredictionSummary>),
        ["PageOfTrainingJobResponse"] = typeof(Page<TrainingJob>),
        ["PageOfTuningJobResponse"] = typeof(Page<TuningJob>),
        ["PlannedEncoding"] = typeof(PlannedEncoding),
        ["PlannedFeature"] = typeof(PlannedFeature),
        ["PredictedRow"] = typeof(PredictedRow),
        ["PredictionRequest"] = typeof(PredictionRequest),
        ["PredictionResponse"] = typeof(Prediction),
        ["PredictionStatus"] = typeof(PredictionStatus),
        ["PredictionSummary"] = typeof(PredictionSummary),
        ["PreprocessingDefinition"] = typeof(Preprocessing),
        ["PreprocessingRequest"] = typeof(Preprocessing),
        ["ProductionPinChangeResponse"] = typeof(ProductionPinChange),
        ["ProductionPinResponse"] = typeof(ProductionPin),
        ["RefusedTrial"] = typeof(RefusedTrial),
        ["RegressionEvaluation"] = typeof(RegressionEvaluation),
        ["RegularizationDefinition"] = typeof(Regularization),
        ["RegularizationRequest"] = typeof(Regularization),
        ["ResidualSummary"] = typeof(ResidualSummary),
        ["SearchDimension"] = typeof(SearchDimension),
        ["StatusTransitionResponse"] = typeof(StatusTransition),
        ["StreamTicketResponse"] = typeof(StreamTicket),
        ["TenantResponse"] = typeof(Tenant),
        ["TrainedOnDatasetResponse"] = typeof(TrainedOnDataset),
        ["TrainingEpochResponse"] = typeof(TrainingEpoch),
        ["TrainingJobDryRunResponse"] = typeof(TrainingJobDryRun),
        ["TrainingJobParameters"] = typeof(TrainingJobOptions),
        ["TrainingJobRequest"] = typeof(TrainingJobRequest),
        ["TrainingJobResponse"] = typeof(TrainingJob),
        ["TrainingJobStatus"] = typeof(TrainingJobStatus),
        ["TrainingPlan"] = typeof(TrainingPlan),
        ["TrialStanding"] = typeof(TrialStanding),
        ["TuningJobRequest"] = typeof(TuningJobRequest),
        ["TuningJobResponse"] = typeof(TuningJob),
        ["TuningPromotionResponse"] = typeof(TuningPromotion),
        ["TuningObjective"] = typeof(TuningObjective),
        ["TuningProgressResponse"] = typeof(TuningProgress),
        ["TuningPruning"] = typeof(TuningPruning),
        ["WeightInitializer"] = typeof(WeightInitializer),
    };

    /// <summary>Schemas the client has no record for: the upload form (sent as multipart), the problem bodies
    /// (read into <see cref="TrainingServiceException"/>) and the layer union (its members are mapped one by one).</summary>
    private static readonly HashSet<string> NotRecords = ["DatasetUploadForm", "IFormFile", "ProblemDetails", "HttpValidationProblemDetails", "LayerDefinition"];

    /// <summary>What the service sends or accepts, the client has: no field or enum value is dropped on the floor.</summary>
    [Fact]
    public async Task EverySchemaOfTheOpenApiDocument_IsCoveredByItsClientType() =>
        AssertNone(await DifferencesAsync(clientLacks: true, documentLacks: false));

    /// <summary>What the client has, the service knows: no misspelt or removed field. The events branch adds the
    /// client's <c>cancelling</c> status and the job's live fields, the models branch the production pin and class
    /// weights; the lead removes these traits once both are merged.</summary>
    [Fact]
    public async Task EveryClientTypeMember_IsInTheOpenApiDocument() =>
        AssertNone(await DifferencesAsync(clientLacks: false, documentLacks: true));

    private static void AssertNone(List<string> differences) =>
        Assert.True(differences.Count == 0, "The client and /openapi/v1.json differ:\n" + string.Join("\n", differences));

    private async Task<List<string>> DifferencesAsync(bool clientLacks, bool documentLacks)
    {
        using var http = factory.CreateHttpClient();
        using var document = JsonDocument.Parse(await http.GetStringAsync("/openapi/v1.json"));
        var differences = new List<string>();

        foreach (var schema in document.RootElement.GetProperty("components").GetProperty("schemas").EnumerateObject())
        {
            if (NotRecords.Contains(schema.Name))
                continue;
            if (!ClientTypes.TryGetValue(schema.Name, out var type))
            {
                if (clientLacks)
                    differences.Add($"{schema.Name}: no client type (a new schema: add a record and map it here)");
                continue;
            }

            var documented = Documented(schema.Value);
            var client = type.IsEnum ? EnumValues(type) : JsonNames(type);
            if (clientLacks)
            {
                foreach (string missing in documented.Except(client).Order())
                    differences.Add($"{schema.Name}.{missing}: not in {type.Name}");
            }

            if (documentLacks)
            {
                foreach (string extra in client.Except(documented).Order())
                    differences.Add($"{type.Name}.{extra}: not in the document's {schema.Name}");
            }
        }

        return differences;
    }

    /// <summary>A schema's property names, or its enum values.</summary>
    private static HashSet<string> Documented(JsonElement schema) =>
        schema.TryGetProperty("enum", out var values)
            ? values.EnumerateArray().Where(v => v.ValueKind == JsonValueKind.String).Select(v => v.GetString()!).ToHashSet()
            : schema.TryGetProperty("properties", out var properties) ? properties.EnumerateObject().Select(p => p.Name).ToHashSet() : [];

    /// <summary>The names the client's JSON options read and write for <paramref name="type"/>; a layer adds its <c>type</c> discriminator.</summary>
    private static HashSet<string> JsonNames(Type type)
    {
        if (type == typeof(Layer))
            return [.. new[] { typeof(DenseLayer), typeof(DropoutLayer), typeof(BatchNormalizationLayer) }.SelectMany(JsonNames)];
        var names = ClientJson.Options.GetTypeInfo(type).Properties
            .Where(p => p.AttributeProvider?.IsDefined(typeof(JsonIgnoreAttribute), inherit: true) != true)
            .Select(p => p.Name).ToHashSet();
        if (type.IsAssignableTo(typeof(Layer)))
            names.Add("type");
        return names;
    }

    private static HashSet<string> EnumValues(Type type) =>
        Enum.GetNames(type).Select(JsonNamingPolicy.CamelCase.ConvertName).ToHashSet();
}
