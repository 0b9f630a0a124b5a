using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using Npgsql;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Predictions;
using TrainingService.Core.Training;

namespace TrainingService.Api.Tests.Data;

/// <summary>
/// The jsonb columns keep the JSON the service stored when the entities held strings: rows written in that form read
/// back typed, and typed writes store the same JSON (compared as jsonb, so key order does not matter).
/// </summary>
public sealed class StoredJsonColumnsTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    // As definitions were stored while Model.Definition was a string: nulls kept, enums as camelCase strings, "type" first.
    private const string DefinitionJson = """
        {"task":"classification","targetColumn":"label","featureColumns":["a","b"],
         "layers":[{"type":"dense","units":16,"activation":"leakyRelu","l1":null,"l2":0.5,"maxNorm":null},
                   {"type":"batchNormalization"},{"type":"dropout","rate":0.25}],
         "loss":"categoricalCrossEntropy","huberDelta":null,
         "optimizer":{"type":"adam","learningRate":0.001,"momentum":null,"beta1":0.9,"beta2":0.999,"epsilon":1e-8,"rho":null,"weightDecay":null,"gradientClipNorm":null},
         "regularization":{"l1":0,"l2":0.001,"maxNorm":3},"initializer":"glorot",
         "preprocessing":{"numeric":"minMax","missing":"mean"},"seed":7}
        """;

    private const string ParametersJson = """
        {"epochs":3,"batchSize":16,"validationSplit":0.25,"validationDatasetId":null,"shuffle":false,
         "earlyStopping":{"monitor":"validationLoss","patience":2,"minDelta":0.01,"restoreBestWeights":false},
         "learningRateSchedule":{"type":"step","stepSize":2,"gamma":0.5,"minLearningRate":0,"factor":0.5,"patience":3},
         "maxRuntimeSeconds":60,"seed":42,"classWeights":null,"weightColumn":null,
         "initFromJobId":null,"resumeOptimizer":false}
        """;

    private const string MetricsJson = """{"accuracy":0.75,"logLoss":"NaN"}""";

    private const string ResultsJson = """[{"label":"yes","probabilities":{"no":0.25,"yes":0.75}},{"value":1.5}]""";

    private static readonly ModelDefinition Definition = new(
        ModelTask.Classification, "label", ["a", "b"],
        [new DenseLayerDefinition(16, Activation.LeakyRelu, L2: 0.5), new BatchNormalizationLayerDefinition(), new DropoutLayerDefinition(0.25)],
        LossFunction.CategoricalCrossEntropy, null, new OptimizerDefinition(OptimizerType.Adam, 0.001, Beta1: 0.9, Beta2: 0.999, Epsilon: 1e-8),
        new RegularizationDefinition(0, 0.001, 3), WeightInitializer.Glorot,
        new PreprocessingDefinition(NumericScaling.MinMax, MissingValueStrategy.Mean), 7);

    private static readonly TrainingJobParameters Parameters = new()
    {
        Epochs = 3, BatchSize = 16, ValidationSplit = 0.25, Shuffle = false,
        EarlyStopping = new() { Patience = 2, MinDelta = 0.01, RestoreBestWeights = false },
        LearningRateSchedule = new() { Type = "step", StepSize = 2, Gamma = 0.5 },
        MaxRuntimeSeconds = 60, Seed = 42,
    };

    private static readonly Dictionary<string, double> Metrics = new() { ["accuracy"] = 0.75, ["logLoss"] = double.NaN };

    private static readonly PredictedRow[] Results =
        [new("yes", new Dictionary<string, double> { ["no"] = 0.25, ["yes"] = 0.75 }, null), new(null, null, 1.5)];

    [Fact]
    public async Task Read_RowsWrittenAsJsonText_ReturnTypedValues()
    {
        var ids = await InsertAsTextAsync();
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();

        var model = await db.Models.AsNoTracking().SingleAsync(m => m.Id == ids.Model);
        var job = await db.TrainingJobs.AsNoTracking().SingleAsync(j => j.Id == ids.Job);
        var epoch = await db.TrainingEpochs.AsNoTracking().SingleAsync(e => e.TrainingJobId == ids.Job);
        var prediction = await db.Predictions.AsNoTracking().SingleAsync(p => p.Id == ids.Prediction);

        AssertDefinition(model.Definition);
        Assert.Equal(Parameters, job.Parameters);
        Assert.Equal(Metrics, job.Metrics);
        Assert.Equal(Metrics, epoch.TrainMetrics);
        Assert.Null(epoch.ValidationMetrics);
        Assert.Equal(Metrics, prediction.Metrics);
        AssertResults(prediction.Results);
    }

    [Fact]
    public async Task Write_TypedValues_StoreTheSameJson()
    {
        var ids = await InsertTypedAsync();

        Assert.True(await StoredJsonEqualsAsync("models", "definition", "id", ids.Model, DefinitionJson));
        Assert.True(await StoredJsonEqualsAsync("training_jobs", "parameters", "id", ids.Job, ParametersJson));
        Assert.True(await StoredJsonEqualsAsync("training_jobs", "metrics", "id", ids.Job, MetricsJson));
        Assert.True(await StoredJsonEqualsAsync("training_epochs", "train_metrics", "training_job_id", ids.Job, MetricsJson));
        Assert.True(await StoredJsonEqualsAsync("predictions", "results", "id", ids.Prediction, ResultsJson));
        Assert.True(await StoredJsonEqualsAsync("predictions", "metrics", "id", ids.Prediction, MetricsJson));
    }

    [Fact]
    public async Task SaveChanges_NewValueWithSameJson_IsNotAnUpdate_ChangedValueIsStored()
    {
        var ids = await InsertTypedAsync();
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        var job = await db.TrainingJobs.SingleAsync(j => j.Id == ids.Job);

        job.Parameters = Parameters with { };
        job.Metrics = new Dictionary<string, double>(Metrics);
        db.ChangeTracker.DetectChanges();
        var unchanged = db.Entry(job).State;
        job.Parameters = Parameters with { Epochs = 9 };
        job.Metrics = new Dictionary<string, double> { ["accuracy"] = 1 };
        await db.SaveChangesAsync();

        Assert.Equal(EntityState.Unchanged, unchanged);
        Assert.True(await StoredJsonEqualsAsync("training_jobs", "parameters", "id", ids.Job, ParametersJson.Replace("\"epochs\":3", "\"epochs\":9")));
        Assert.True(await StoredJsonEqualsAsync("training_jobs", "metrics", "id", ids.Job, """{"accuracy":1}"""));
    }

    private static void AssertDefinition(ModelDefinition actual)
    {
        Assert.Equal(Definition.Layers, actual.Layers);
        Assert.Equal(Definition.FeatureColumns, actual.FeatureColumns);
        Assert.Equal(Definition with { Layers = actual.Layers, FeatureColumns = actual.FeatureColumns }, actual);
    }

    private static void AssertResults(IReadOnlyList<PredictedRow> actual)
    {
        Assert.Equal(2, actual.Count);
        Assert.Equal("yes", actual[0].Label);
        Assert.Equal(Results[0].Probabilities, actual[0].Probabilities);
        Assert.Null(actual[0].Value);
        Assert.Equal(Results[1], actual[1]);
    }

    private async Task<StoredIds> InsertAsTextAsync()
    {
        var ids = StoredIds.New();
        await using var connection = await OpenAsync();
        await ExecuteAsync(connection, "INSERT INTO datasets (id, tenant_id, name, row_count, column_count, size_bytes, created_at) VALUES ($1, $2, 'd', 0, 0, 0, now())", ids.Dataset, factory.TenantId);
        await ExecuteAsync(connection, "INSERT INTO models (id, tenant_id, name, definition, created_at) VALUES ($1, $2, 'm', CAST($3 AS jsonb), now())", ids.Model, factory.TenantId, DefinitionJson);
        await ExecuteAsync(connection, """
            INSERT INTO training_jobs (id, tenant_id, model_id, dataset_id, recorded_dataset_id, recorded_dataset_name, recorded_dataset_row_count,
                status, parameters, epochs, epochs_completed, cancel_requested, metrics, created_at)
            VALUES ($1, $6, $2, $3, $3, 'd', 0, 'Succeeded', CAST($4 AS jsonb), 3, 3, false, CAST($5 AS jsonb), now())
            """, ids.Job, ids.Model, ids.Dataset, ParametersJson, MetricsJson, factory.TenantId);
        await ExecuteAsync(connection, """
            INSERT INTO training_epochs (training_job_id, epoch, train_loss, train_metrics, learning_rate, duration_ms)
            VALUES ($1, 1, 0.5, CAST($2 AS jsonb), 0.001, 10)
            """, ids.Job, MetricsJson);
        await ExecuteAsync(connection, """
            INSERT INTO predictions (id, tenant_id, model_id, training_job_id, created_at, row_count, results, metrics, warnings)
            VALUES ($1, $6, $2, $3, now(), 2, CAST($4 AS jsonb), CAST($5 AS jsonb), '{}')
            """, ids.Prediction, ids.Model, ids.Job, ResultsJson, MetricsJson, factory.TenantId);
        return ids;
    }

    /// <summary>JSON goes in as text, the way the string properties sent it.</summary>
    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, params object[] values)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        foreach (object value in values)
            command.Parameters.Add(new NpgsqlParameter { Value = value });
        await command.ExecuteNonQueryAsync();
    }

    private async Task<StoredIds> InsertTypedAsync()
    {
        var ids = StoredIds.New();
        var now = DateTimeOffset.UtcNow;
        await using var scope = factory.CreateTenantScope();
        var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
        db.Datasets.Add(new Dataset { Id = ids.Dataset, Name = "d", CreatedAt = now });
        db.Models.Add(new Model { Id = ids.Model, Name = "m", Definition = Definition, CreatedAt = now });
        db.TrainingJobs.Add(new TrainingJob
        {
            Id = ids.Job, ModelId = ids.Model, DatasetId = ids.Dataset, RecordedDatasetId = ids.Dataset, RecordedDatasetName = "d", Status = TrainingJobStatus.Succeeded, Parameters = Parameters,
            Metrics = Metrics, Epochs = 3, EpochsCompleted = 3, CreatedAt = now,
        });
        db.TrainingEpochs.Add(new TrainingEpoch { TrainingJobId = ids.Job, Epoch = 1, TrainLoss = 0.5, TrainMetrics = Metrics, LearningRate = 0.001 });
        db.Predictions.Add(new Prediction
        {
            Id = ids.Prediction, ModelId = ids.Model, TrainingJobId = ids.Job, CreatedAt = now, RowCount = 2, Results = Results, Metrics = Metrics,
        });
        await db.SaveChangesAsync();
        return ids;
    }

    private async Task<bool> StoredJsonEqualsAsync(string table, string column, string key, Guid id, string expected)
    {
        await using var connection = await OpenAsync();
        await using var select = new NpgsqlCommand($"SELECT {column} = CAST($2 AS jsonb) FROM {table} WHERE {key} = $1", connection);
        select.Parameters.Add(new NpgsqlParameter<Guid> { TypedValue = id });
        select.Parameters.Add(new NpgsqlParameter<string> { TypedValue = expected });
        return (bool)(await select.ExecuteScalarAsync())!;
    }

    private async Task<NpgsqlConnection> OpenAsync()
    {
        var connection = new NpgsqlConnection(factory.ConnectionString);
        await connection.OpenAsync();
        return connection;
    }

    private sealed record StoredIds(Guid Dataset, Guid Model, Guid Job, Guid Prediction)
    {
        public static StoredIds New() => new(Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid(), Guid.NewGuid());
    }
}
