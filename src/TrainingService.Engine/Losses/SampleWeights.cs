namespace TrainingService.Engine.Losses;

internal static class SampleWeights
{
    /// <summary>Checks a <c>[batch]</c> weight vector once per call, outside the loss loops.</summary>
    public static void Check(ReadOnlySpan<float> sampleWeights, int batch)
    {
        if (sampleWeights.Length < batch)
            throw new ArgumentException($"A batch of {batch} needs {batch} sample weights; got {sampleWeights.Length}.", nameof(sampleWeights));
    }
}
