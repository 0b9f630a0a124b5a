using System.Text.Json;

namespace TrainingService.Api.Tests.Training;

/// <summary>What every classification evaluation must satisfy whatever the model learned, checked from the JSON alone.</summary>
internal static class EvaluationAssertions
{
    /// <summary>The confusion matrix's rows are the supports, its total the rows, its trace the accuracy; the macro F1 is the per-class mean.</summary>
    public static void AssertConsistentClassification(JsonElement evaluation)
    {
        var classification = evaluation.GetProperty("classification");
        Assert.Equal(JsonValueKind.Null, evaluation.GetProperty("regression").ValueKind);
        string[] labels = classification.GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToArray();
        long[][] matrix = classification.GetProperty("confusionMatrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
        var perClass = classification.GetProperty("perClass").EnumerateArray().ToArray();

        Assert.Equal(labels, perClass.Select(c => c.GetProperty("label").GetString()));
        Assert.All(matrix, row => Assert.Equal(labels.Length, row.Length));
        Assert.Equal(matrix.Select(row => row.Sum()), perClass.Select(c => c.GetProperty("support").GetInt64()));
        long total = matrix.Sum(row => row.Sum());
        Assert.Equal(evaluation.GetProperty("rows").GetInt64(), total);
        long trace = Enumerable.Range(0, labels.Length).Sum(i => matrix[i][i]);
        Assert.Equal((double)trace / total, classification.GetProperty("accuracy").GetDouble(), 1e-12);
        Assert.Equal(perClass.Average(c => c.GetProperty("f1").GetDouble()), classification.GetProperty("macroAverage").GetProperty("f1").GetDouble(), 1e-12);
        Assert.True(classification.GetProperty("logLoss").GetDouble() > 0, classification.ToString());
    }

    /// <summary>The confusion matrix counted from (actual, predicted) label pairs, in the evaluation's label order.</summary>
    public static long[][] CountConfusion(JsonElement evaluation, IReadOnlyList<string> actual, IReadOnlyList<string> predicted)
    {
        var labels = evaluation.GetProperty("classification").GetProperty("labels").EnumerateArray().Select(l => l.GetString()!).ToList();
        var matrix = labels.Select(_ => new long[labels.Count]).ToArray();
        for (int i = 0; i < actual.Count; i++)
            matrix[labels.IndexOf(actual[i])][labels.IndexOf(predicted[i])]++;
        return matrix;
    }

    public static long[][] ConfusionOf(JsonElement evaluation) =>
        evaluation.GetProperty("classification").GetProperty("confusionMatrix").EnumerateArray()
            .Select(row => row.EnumerateArray().Select(c => c.GetInt64()).ToArray()).ToArray();
}
