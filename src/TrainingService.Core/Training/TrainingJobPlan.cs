using System.Globalization;
using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Engine;
using TrainingService.Engine.Optimizers;

namespace TrainingService.Core.Training;

/// <summary>
/// A job's size and shape, known before it runs: rows, input width, parameters, the memory a worker will hold for it
/// and the work of an epoch, estimated from the dataset schema(s) and the model alone. The one place a job's plan is
/// computed: <see cref="TrainingJobService"/> checks it against <see cref="TrainingOptions"/> and stores
/// <see cref="MemoryBytes"/> and <see cref="Trains"/> (what will be trained, shown as the job's plan) on the job.
/// </summary>
/// <remarks>
/// Where the schema only bounds a figure the plan takes the bound: a categorical feature counts every category of the
/// dataset (the fit keeps those seen in training rows), a numeric classification target as many classes as integers
/// between its min and max. The memory follows what <see cref="TrainingPreparation"/> and the engine allocate: the
/// training and validation input matrices and targets as float32, the categorical and target columns loaded whole,
/// the parameters with their gradients, optimizer state, the per-epoch checkpoint copy, the last completed epoch's
/// weights (and the best weights when early stopping restores them), and per-row buffers of every layer for a batch (or a validation chunk).
/// </remarks>
public sealed record TrainingJobPlan(
    IReadOnlyList<ColumnSchema> Features, long InputWidth, int OutputWidth, long TrainingRows, long ValidationRows,
    long Parameters, string Optimizer, long InputBytes, long ColumnBytes, long NetworkBytes, long BatchBytes,
    long FlopsPerEpoch, TrainingPlan Trains)
{
    private const int FloatBytes = sizeof(float);

    /// <summary>Values of the input matrices, training and validation together.</summary>
    public long InputCells => Saturate((Int128)(TrainingRows + ValidationRows) * InputWidth);

    public long MemoryBytes => Saturate((Int128)InputBytes + ColumnBytes + NetworkBytes + BatchBytes);

    /// <summary>Seconds an epoch takes at <paramref name="gflops"/> (10⁹ floating-point operations a second): <see cref="FlopsPerEpoch"/> at that rate.</summary>
    public double EpochSeconds(double gflops) => FlopsPerEpoch / (gflops * 1e9);

    /// <param name="dataset">The training dataset; it has the model's target and feature columns (checked before).</param>
    public static TrainingJobPlan Of(ModelDefinition definition, DatasetSchema dataset, DatasetSchema? validation, TrainingJobParameters parameters)
    {
        ArgumentNullException.ThrowIfNull(definition);
        ArgumentNullException.ThrowIfNull(dataset);
        ArgumentNullException.ThrowIfNull(parameters);
        var byName = dataset.Columns.ToDictionary(c => c.Name, StringComparer.Ordinal);
        var names = FeatureColumns.Of(definition, dataset.Columns.Select(c => c.Name), parameters.WeightColumn);
        var features = names.Select(n => byName[n]).ToList();
        var target = byName[definition.TargetColumn];
        long inputWidth = features.Sum(f => f.Type == ColumnType.Categorical ? (long)f.CategoryCount : 1);

        long labeled = LabeledRows(dataset, definition.TargetColumn);
        long validationRows = validation is null
            ? (long)Math.Round(labeled * parameters.ValidationSplit, MidpointRounding.AwayFromZero)
            : LabeledRows(validation, definition.TargetColumn);
        long trainingRows = validation is null ? labeled - validationRows : labeled;

        int classes = definition.Task == ModelTask.Classification ? ClassCount(target, labeled) : 0;
        var output = ModelOutput.TryResolve(definition, classes, out var resolved, out _)
            ? resolved
            : new OutputLayerSpec(Math.Max(1, classes), OutputActivation.Linear, LossFunction.MeanSquaredError, null);
        // A width beyond int is refused by the limits anyway; the spec only needs to count parameters.
        var spec = ModelDefinitionMapping.ToNetworkSpec(definition, (int)Math.Min(inputWidth, int.MaxValue), output);
        var layers = spec.Summary();
        long parameterCount = layers.TotalParameters;
        var optimizer = ModelDefinitionMapping.ToOptimizerKind(definition.Optimizer.Type);
        int slots = OptimizerSpec.StateSlotsPerParameter(optimizer);
        // Values and gradients, optimizer state, the checkpoint's serialized copy of both, the last completed epoch's
        // weights (what an interrupted run keeps), the weights packed for the evaluation passes (ADR-026), the best
        // weights kept aside.
        long parameterCopies = 2 + slots + (1 + slots) + 1 + 1 + (parameters.EarlyStopping?.RestoreBestWeights == true ? 1 : 0);

        Int128 rows = trainingRows + validationRows;
        int categorical = features.Count(f => f.Type == ColumnType.Categorical);
        // The target, the categorical features and the weight column are loaded whole; weighted rows carry one weight each.
        int loaded = categorical + 1 + (parameters.WeightColumn is null ? 0 : 1);
        bool weighted = parameters.WeightColumn is not null || parameters.ClassWeights is not null;
        Int128 loadedColumns = (Int128)loaded * ((Int128)dataset.RowCount + (validation?.RowCount ?? 0)) + (weighted ? rows : 0);
        // Validation runs through the network in chunks of up to Network.PredictChunkRows, which grow its buffers.
        long bufferRows = Math.Max(parameters.BatchSize, Math.Min(validationRows, Network.PredictChunkRows));
        long withoutTarget = dataset.RowCount - labeled + (validation is null ? 0 : validation.RowCount - validationRows);
        var trains = new TrainingPlan(
            definition.TargetColumn, output.Loss, output.HuberDelta, output.Activation, output.Units,
            [.. features.Select(f => Planned(f, definition.Preprocessing.Numeric))], definition.Preprocessing.Missing,
            inputWidth, layers.Layers, parameterCount, trainingRows, validationRows, withoutTarget,
            PlannedClassWeights.Of(parameters.ClassWeights), parameters.WeightColumn);
        return new TrainingJobPlan(
            features, inputWidth, output.Units, trainingRows, validationRows, parameterCount, optimizer.ToString().ToLowerInvariant(),
            InputBytes: Saturate(rows * inputWidth * FloatBytes),
            ColumnBytes: Saturate((loadedColumns + rows * output.Units) * FloatBytes),
            NetworkBytes: Saturate((Int128)parameterCount * parameterCopies * FloatBytes),
            BatchBytes: Saturate((Int128)bufferRows * ValuesPerRow(spec.Layers, inputWidth, output.Units) * FloatBytes),
            FlopsPerEpoch: Flops(spec, parameterCount, trainingRows, validationRows),
            trains);
    }

    /// <summary>The estimate and where it comes from, for an error message: "≈ 1.6 GB (input matrices 1.6 GB: ...)".</summary>
    public string DescribeMemory() => string.Create(CultureInfo.InvariantCulture,
        $"≈ {FormatBytes(MemoryBytes)} (input matrices {FormatBytes(InputBytes)}: {TrainingRows + ValidationRows:N0} rows × {InputWidth:N0} inputs as float32; " +
        $"network {FormatBytes(NetworkBytes)}: {Parameters:N0} parameters with gradients, {Optimizer} state and checkpoint; " +
        $"batch buffers {FormatBytes(BatchBytes)}; loaded columns and targets {FormatBytes(ColumnBytes)})");

    /// <summary>Decimal units (1 GB = 10⁹ bytes), as people read memory sizes in messages.</summary>
    public static string FormatBytes(long bytes)
    {
        string[] units = ["bytes", "kB", "MB", "GB", "TB", "PB", "EB"];
        double value = bytes;
        int unit = 0;
        while (value >= 1000 && unit < units.Length - 1)
        {
            value /= 1000;
            unit++;
        }

        return unit == 0
            ? string.Create(CultureInfo.InvariantCulture, $"{bytes} bytes")
            : string.Create(CultureInfo.InvariantCulture, $"{value:0.#} {units[unit]}");
    }

    private static PlannedFeature Planned(ColumnSchema feature, NumericScaling scaling) => feature.Type switch
    {
        ColumnType.Categorical => new PlannedFeature(feature.Name, feature.Type, PlannedEncoding.OneHot, feature.CategoryCount),
        _ => new PlannedFeature(feature.Name, feature.Type, scaling switch
        {
            NumericScaling.Standardize => PlannedEncoding.Standardized,
            NumericScaling.MinMax => PlannedEncoding.MinMax,
            _ => PlannedEncoding.Unscaled,
        }, 1),
    };

    /// <summary>
    /// Floating-point operations of an epoch, counting the matrix products only (a multiply and an add per weight and
    /// row; the element-wise passes are a small share for any network worth timing): every training row runs forward
    /// (2 per parameter), computes the weight gradients (2) and the input gradients (2) of every layer but the first,
    /// which needs none; every validation row runs forward once.
    /// </summary>
    private static long Flops(Engine.Specs.NetworkSpec spec, long parameters, long trainingRows, long validationRows)
    {
        long first = spec.Layers[0].ParameterCount(spec.InputSize);
        Int128 perTrainingRow = 6 * (Int128)parameters - 2 * (Int128)first;
        return Saturate(trainingRows * perTrainingRow + validationRows * 2 * (Int128)parameters);
    }

    private static long LabeledRows(DatasetSchema dataset, string targetColumn) =>
        dataset.RowCount - (dataset.Columns.FirstOrDefault(c => c.Name == targetColumn)?.MissingCount ?? 0);

    private static int ClassCount(ColumnSchema target, long labeledRows)
    {
        if (target.Type == ColumnType.Categorical)
            return target.CategoryCount;
        if (target is not { Min: { } min, Max: { } max } || !(max > min))
            return 1;
        double span = Math.Floor(max) - Math.Ceiling(min) + 1;
        return (int)Math.Clamp(span, 2, Math.Max(2, Math.Min(labeledRows, int.MaxValue)));
    }

    /// <summary>
    /// Floats per row that the network and the trainer keep for a batch: each layer's output, its gradient and a
    /// pre-activation pair (dense) or mask and normalization (dropout, batch norm) — at most 3 per output — plus its
    /// input gradient; the network's input and loss-gradient rows and the trainer's batch copies of inputs and targets.
    /// </summary>
    private static long ValuesPerRow(IReadOnlyList<Engine.Specs.LayerSpec> layers, long inputWidth, int outputWidth)
    {
        long values = 2 * (inputWidth + outputWidth);
        long width = inputWidth;
        foreach (var layer in layers)
        {
            long next = layer.OutputSize((int)Math.Min(width, int.MaxValue));
            values += 3 * next + width;
            width = next;
        }

        return values;
    }

    /// <summary>Sizes are computed in 128 bits and capped at long.MaxValue: an absurd plan is refused, not wrapped round to a small one.</summary>
    private static long Saturate(Int128 value) => value > long.MaxValue ? long.MaxValue : (long)value;
}
