namespace TrainingService.Client;

/// <summary>Stop when <c>monitor</c> (<c>validationLoss</c> or <c>trainLoss</c>) has not improved by <c>minDelta</c> for <c>patience</c> epochs; null fields take the defaults (validationLoss, 5, 0, true).</summary>
public sealed record EarlyStopping(
    string? Monitor = null,
    int? Patience = null,
    double? MinDelta = null,
    bool? RestoreBestWeights = null);
