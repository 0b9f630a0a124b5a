namespace TrainingService.Core.Training;

/// <summary>
/// The job's class weights in its plan: <paramref name="Mode"/> <c>balanced</c> or <c>byLabel</c>, and
/// <paramref name="Resolved"/>, every class's weight as trained with. Until the job's preparation has fitted the target
/// (and, for <c>balanced</c>, counted the classes of the training rows), it is the request's map, or null for balanced.
/// </summary>
public sealed record PlannedClassWeights(string Mode, IReadOnlyDictionary<string, double>? Resolved)
{
    public const string BalancedMode = "balanced";
    public const string ByLabelMode = "byLabel";

    public static PlannedClassWeights? Of(ClassWeights? weights) => weights switch
    {
        null => null,
        { IsBalanced: true } => new PlannedClassWeights(BalancedMode, null),
        _ => new PlannedClassWeights(ByLabelMode, weights.ByLabel),
    };
}
