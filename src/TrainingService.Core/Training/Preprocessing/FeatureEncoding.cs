namespace TrainingService.Core.Training.Preprocessing;

/// <summary>
/// How one input column becomes network inputs, fitted on the training split: a numeric column is one input
/// <c>((value or Fill) - Center) / Scale</c>; a categorical one is a one-hot block over <see cref="Categories"/>,
/// all zeros for a missing or unseen category.
/// </summary>
public sealed record FeatureEncoding(string Name, bool IsCategorical, float Center, float Scale, float Fill, string[] Categories)
{
    public int Width => IsCategorical ? Categories.Length : 1;
}
