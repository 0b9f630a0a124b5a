using TrainingService.Core.Evaluation;
using TrainingService.Core.Training.Preprocessing;

namespace TrainingService.Core.Tests.Evaluation;

public sealed class ModelEvaluatorTests
{
    [Fact]
    public void Evaluate_OneSigmoidUnit_ReadsItAsTheSecondLabelsProbabilityAndSkipsRowsWithoutTarget()
    {
        var target = new TargetEncoding("churn", IsClassification: true, ["no", "yes"], 0, 1, OutputWidth: 1);
        // predicted no, yes, (no target), yes, no against actual no, yes, -, no, yes.

        var evaluation = ModelEvaluator.Evaluate(target, [0.2f, 0.7f, 0.9f, 0.6f, 0.4f], [0, 1, null, 0, 1])!;

        var classification = evaluation.Classification!;
        Assert.Equal(EvaluationSource.Input, evaluation.Source);
        Assert.Equal(4, evaluation.Rows);
        Assert.Equal(["no", "yes"], classification.Labels);
        Assert.Equal([[1L, 1], [1L, 1]], classification.ConfusionMatrix.Select(row => row.ToArray()));
        // yes scores 0.7 and 0.4 against no's 0.2 and 0.6: 0.7 beats both, 0.4 beats one → 3/4.
        Assert.Equal(0.75, classification.RocAuc!.Value, 1e-12);
        Assert.Equal(-(Math.Log(0.8f) + Math.Log(0.7f) + Math.Log(0.4f) + Math.Log(0.4f)) / 4, classification.LogLoss, 1e-6);
        Assert.Null(evaluation.Regression);
    }

    [Fact]
    public void Evaluate_OneClassInTheRows_HasNoAuc()
    {
        var target = new TargetEncoding("churn", IsClassification: true, ["no", "yes"], 0, 1, OutputWidth: 1);

        var evaluation = ModelEvaluator.Evaluate(target, [0.2f, 0.7f], [1, 1])!;

        Assert.Null(evaluation.Classification!.RocAuc);
        Assert.Equal(0.5, evaluation.Classification.Accuracy);
    }

    [Fact]
    public void Evaluate_Regression_ScoresInTheTargetsUnits()
    {
        // Standardized outputs 0 and 1 are 10 and 12 in units of center 10, scale 2; residuals 0 and 1.
        var target = new TargetEncoding("price", IsClassification: false, [], Center: 10, Scale: 2, OutputWidth: 1);

        var regression = ModelEvaluator.Evaluate(target, [0f, 1f], [10.0, 13.0])!.Regression!;

        Assert.Equal(Math.Sqrt(0.5), regression.Rmse, 1e-6);
        Assert.Equal(0.5, regression.Mae, 1e-6);
        Assert.Equal(0, regression.Residuals.Min, 1e-6);
        Assert.Equal(0.5, regression.Residuals.P50, 1e-6);
        Assert.Equal(1, regression.Residuals.Max, 1e-6);
    }

    [Fact]
    public void Evaluate_NoRowWithTarget_IsNull()
    {
        var target = new TargetEncoding("price", IsClassification: false, [], 0, 1, 1);

        Assert.Null(ModelEvaluator.Evaluate(target, [0f], [null]));
    }
}
