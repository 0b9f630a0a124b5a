using TrainingService.Core.Datasets;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Engine;

namespace TrainingService.Core.Tests.Training;

public sealed class TrainingJobPlanTests
{
    private static readonly ModelDefinition Definition = new(
        ModelTask.Classification, "churned", null,
        [new DenseLayerDefinition(16, Activation.Relu)],
        LossFunction.Auto, null, OptimizerDefaults.For(OptimizerType.Adam),
        new RegularizationDefinition(0, 0, null), WeightInitializer.He,
        new PreprocessingDefinition(NumericScaling.Standardize, MissingValueStrategy.Mean), 7);

    [Theory]
    [InlineData(20_000, "1.6 GB")]
    [InlineData(200_000, "160 GB")]
    public void Of_CategoricalUserIdOfEveryRow_InputMatricesAreRowsTimesIdsWide(int rows, string inputMemory)
    {
        // The case: a user_id per row beside three numbers and a 2-category column, one-hot encoded.
        var plan = TrainingJobPlan.Of(Definition, UsersSchema(rows), null, new TrainingJobParameters());

        Assert.Equal(rows + 5, plan.InputWidth);
        Assert.Equal(rows, plan.TrainingRows + plan.ValidationRows);
        Assert.Equal(rows / 5, plan.ValidationRows);
        Assert.Equal((long)rows * (rows + 5) * sizeof(float), plan.InputBytes);
        Assert.Equal(inputMemory, TrainingJobPlan.FormatBytes(plan.InputBytes));
        Assert.True(plan.MemoryBytes > plan.InputBytes);
        Assert.Contains($"input matrices {inputMemory}", plan.DescribeMemory());
    }

    [Fact]
    public void Of_AdamNetwork_CountsParametersAsTheEngineBuildsThemAndNineFloatsEach()
    {
        var plan = TrainingJobPlan.Of(Definition, UsersSchema(100), null, new TrainingJobParameters());

        // (105 + 1)·16 + (16 + 1)·1: a sigmoid unit for the two classes of 'churned'.
        Assert.Equal(1713, plan.Parameters);
        Assert.Equal(1, plan.OutputWidth);
        // Values, gradients, two moments; the checkpoint's copy of values and moments; the last completed epoch's values;
        // the values packed for evaluation.
        Assert.Equal(1713L * 9 * sizeof(float), plan.NetworkBytes);
    }

    [Fact]
    public void Of_SeparateValidationDataset_CountsItsLabeledRowsBesideEveryTrainingRow()
    {
        var schema = UsersSchema(1000);
        var validation = schema with { RowCount = 300, Columns = [.. schema.Columns.Select(c => c.Name == "churned" ? c with { MissingCount = 20 } : c)] };

        var plan = TrainingJobPlan.Of(Definition, schema, validation, new TrainingJobParameters { ValidationDatasetId = Guid.NewGuid() });

        Assert.Equal(1000, plan.TrainingRows);
        Assert.Equal(280, plan.ValidationRows);
    }

    [Fact]
    public void Of_WidthAndRowsBeyondLong_SaturatesInsteadOfWrappingToASmallEstimate()
    {
        var wide = new ColumnSchema("code", 0, ColumnType.Categorical, int.MaxValue, null, 0, null, null, null, null);
        var target = new ColumnSchema("churned", 1, ColumnType.Categorical, 2, null, 0, null, null, null, null);
        var schema = new DatasetSchema(Guid.NewGuid(), "huge", long.MaxValue / 2, [wide, target]);

        var plan = TrainingJobPlan.Of(Definition, schema, null, new TrainingJobParameters());

        Assert.Equal(long.MaxValue, plan.InputBytes);
        Assert.Equal(long.MaxValue, plan.MemoryBytes);
        Assert.Equal(long.MaxValue, plan.InputCells);
    }

    [Fact]
    public void Of_RegressionWithAutoLossAndNoScaling_PlansOneLinearUnitWithMeanSquaredErrorAndUnscaledFeatures()
    {
        var definition = Definition with
        {
            Task = ModelTask.Regression, TargetColumn = "spend", FeatureColumns = ["age", "plan"],
            Preprocessing = new PreprocessingDefinition(NumericScaling.None, MissingValueStrategy.Zero),
        };
        var schema = UsersSchema(100);
        schema = schema with { Columns = [.. schema.Columns.Select(c => c.Name == "spend" ? c with { MissingCount = 4 } : c)] };

        var trains = TrainingJobPlan.Of(definition, schema, null, new TrainingJobParameters { ValidationSplit = 0.25 }).Trains;

        Assert.Equal((LossFunction.MeanSquaredError, OutputActivation.Linear, 1), (trains.Loss, trains.OutputActivation, trains.OutputUnits));
        Assert.Equal(
            [new PlannedFeature("age", ColumnType.Numeric, PlannedEncoding.Unscaled, 1), new PlannedFeature("plan", ColumnType.Categorical, PlannedEncoding.OneHot, 2)],
            trains.Features);
        Assert.Equal(MissingValueStrategy.Zero, trains.MissingValues);
        Assert.Equal(3, trains.InputWidth);
        Assert.Equal(["Dense(16, Relu)", "Dense(1, Linear)"], trains.Layers.Select(l => l.Type));
        Assert.Equal((3 + 1) * 16 + 17, trains.Parameters);
        Assert.Equal((72, 24, 4), (trains.TrainingRows, trains.ValidationRows, trains.RowsWithoutTarget));
    }

    [Fact]
    public void Of_SeparateValidationDataset_CountsBothDatasetsRowsWithoutTarget()
    {
        var schema = UsersSchema(1000);
        schema = schema with { Columns = [.. schema.Columns.Select(c => c.Name == "churned" ? c with { MissingCount = 7 } : c)] };
        var validation = schema with { RowCount = 300, Columns = [.. schema.Columns.Select(c => c.Name == "churned" ? c with { MissingCount = 20 } : c)] };

        var trains = TrainingJobPlan.Of(Definition, schema, validation, new TrainingJobParameters { ValidationDatasetId = Guid.NewGuid() }).Trains;

        Assert.Equal((993, 280, 27), (trains.TrainingRows, trains.ValidationRows, trains.RowsWithoutTarget));
    }

    [Fact]
    public void FormatBytes_DecimalUnits() =>
        Assert.Equal(["999 bytes", "1 kB", "1.5 MB", "2.1 GB"], new long[] { 999, 1000, 1_500_000, 2_147_483_648 }.Select(TrainingJobPlan.FormatBytes));

    private static DatasetSchema UsersSchema(int rows)
    {
        ColumnSchema Numeric(string name, int ordinal) => new(name, ordinal, ColumnType.Numeric, 0, null, 0, 0, 100, 50, 10);
        return new DatasetSchema(Guid.NewGuid(), "users", rows,
        [
            new ColumnSchema("user_id", 0, ColumnType.Categorical, rows, null, 0, null, null, null, null),
            Numeric("age", 1), Numeric("visits", 2), Numeric("spend", 3),
            new ColumnSchema("plan", 4, ColumnType.Categorical, 2, null, 0, null, null, null, null),
            new ColumnSchema("churned", 5, ColumnType.Categorical, 2, null, 0, null, null, null, null),
        ]);
    }
}
