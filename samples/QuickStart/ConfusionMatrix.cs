using TrainingService.Client;

namespace QuickStart;

/// <summary>Prints a job's evaluation: the confusion matrix (actual rows, predicted columns) and per-class scores.</summary>
internal static class ConfusionMatrix
{
    public static void Print(ModelEvaluation evaluation)
    {
        if (evaluation.Classification is not { } classification)
            return;
        int width = Math.Max(8, classification.Labels.Max(l => l.Length) + 2);
        Console.WriteLine();
        Console.WriteLine($"Confusion matrix on {evaluation.Rows} {evaluation.Source.ToString().ToLowerInvariant()} rows (actual ↓, predicted →):");
        Console.WriteLine($"{"",-12}{string.Concat(classification.Labels.Select(l => l.PadLeft(width)))}");
        for (int actual = 0; actual < classification.Labels.Count; actual++)
            Console.WriteLine($"{classification.Labels[actual],-12}{string.Concat(classification.ConfusionMatrix[actual].Select(n => n.ToString().PadLeft(width)))}");
        Console.WriteLine();
        Console.WriteLine($"Accuracy {classification.Accuracy:P1}, macro F1 {classification.MacroAverage.F1:F3}");
        foreach (var c in classification.PerClass)
            Console.WriteLine($"  {c.Label,-12} precision {c.Precision:F3}  recall {c.Recall:F3}  F1 {c.F1:F3}  ({c.Support} rows)");
    }
}
