using TrainingService.Core.Training.Preprocessing;
using TrainingService.Core.Models;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>
/// What a job's preparation derives from its data alone: the fitted preprocessing, the resolved output layer and the
/// encoded rows, each with its row weights (class weights come later: they write the job's plan). Shared read-only
/// between the jobs of one worker that reuse it (<see cref="PreparedDataCache"/>): nothing writes these arrays.
/// </summary>
public sealed record PreparedData(FittedPreprocessing Preprocessing, OutputLayerSpec Output, TrainingData Train, TrainingData? Validation)
{
    /// <summary>The bytes of the arrays it holds, which <see cref="Hosting.WorkerOptions.PreparedDataCacheMegabytes"/> bounds.</summary>
    public long Bytes => Size(Train) + (Validation is null ? 0 : Size(Validation));

    private static long Size(TrainingData data) =>
        sizeof(float) * ((long)data.Features.Length + data.Targets.Length + (data.SampleWeights?.Length ?? 0));
}
