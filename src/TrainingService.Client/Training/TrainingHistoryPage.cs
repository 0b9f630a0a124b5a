namespace TrainingService.Client;

/// <summary>A page of a job's history: epochs in order; <see cref="NextSince"/> is the <c>since</c> of the next page, null on the last.</summary>
public sealed record TrainingHistoryPage(IReadOnlyList<TrainingEpoch> Epochs, int? NextSince);
