namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// The multi-process test classes run one after another and alone: each starts an Api and two Workers that train
/// on the machine's cores, and on a small machine two such clusters (or other test classes) running alongside would
/// only stretch every liveness bound.
/// </summary>
[CollectionDefinition(Name, DisableParallelization = true)]
public sealed class MultiProcessCollection
{
    public const string Name = "MultiProcess";
}
