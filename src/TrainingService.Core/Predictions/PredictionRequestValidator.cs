using TrainingService.Core.Validation;

namespace TrainingService.Core.Predictions;

/// <summary>Checks a prediction request's shape on its own; whether its rows fit the model is checked while encoding them.</summary>
internal static class PredictionRequestValidator
{
    public const int MaxInlineRows = 100_000;

    public static void Validate(PredictionRequest request, ValidationErrors errors)
    {
        if ((request.Rows is null) == (request.DatasetId is null))
            errors.Add("rows", "Send either rows (an array of objects keyed by column name) or datasetId, not both and not neither.");
        else if (request.Rows is { Length: 0 })
            errors.Add("rows", "rows is empty.");
        else if (request.Rows is { Length: > MaxInlineRows })
            errors.Add("rows", $"At most {MaxInlineRows} rows per request; upload larger inputs as a dataset and send datasetId.");
        if (request.Async && request.DatasetId is null)
            errors.Add("async", "Only a stored dataset is scored asynchronously: send datasetId with \"async\": true.");
    }
}
