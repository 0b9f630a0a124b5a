namespace TrainingService.Client;

/// <summary>One page of a collection: the items from <see cref="Offset"/>, at most <see cref="Limit"/> of them, of <see cref="Total"/>.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, long Total, int Offset, int Limit);
