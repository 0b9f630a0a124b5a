namespace TrainingService.Engine.Metrics;

/// <summary>Keys of the metric dictionaries in epoch reports.</summary>
public static class MetricNames
{
    public const string Accuracy = "accuracy";
    public const string MacroPrecision = "macroPrecision";
    public const string MacroRecall = "macroRecall";
    public const string MacroF1 = "macroF1";
    public const string Mse = "mse";
    public const string Rmse = "rmse";
    public const string Mae = "mae";
    public const string R2 = "r2";

    public static IReadOnlyList<string> All { get; } = [Accuracy, MacroPrecision, MacroRecall, MacroF1, Mse, Rmse, Mae, R2];

    public static bool HigherIsBetter(string metric) =>
        metric is Accuracy or MacroPrecision or MacroRecall or MacroF1 or R2;
}
