using TrainingService.Core.Models;
using TrainingService.Engine;

namespace TrainingService.Core.Training;

/// <summary>
/// What a job trains, as <see cref="TrainingJobPlan"/> worked it out from the model and the dataset schema(s) when
/// the job was created: stored on the job (jsonb) and shown as its <c>plan</c>, and returned by the dry run.
/// </summary>
/// <param name="Loss">The loss trained with, <see cref="LossFunction.Auto"/> resolved by <see cref="ModelOutput.TryResolve"/>.</param>
/// <param name="OutputUnits">Units of the output layer the service appends (one per class for softmax).</param>
/// <param name="MissingValues">What happens to a missing numeric feature value.</param>
/// <param name="InputWidth">Network inputs: the sum of the features' widths.</param>
/// <param name="Layers">The engine's layer table, output layer included (<see cref="NetworkSummary"/>).</param>
/// <param name="Parameters">Trainable parameters, the sum of the layers' counts.</param>
/// <param name="TrainingRows">Rows trained on each epoch.</param>
/// <param name="ValidationRows">Rows validated on each epoch: a split of the training dataset, or the validation dataset's labeled rows.</param>
/// <param name="RowsWithoutTarget">Rows left out because their target is missing (training and validation datasets together).</param>
/// <param name="ClassWeights">The class weights trained with (<see cref="PlannedClassWeights"/>), or null for none.</param>
/// <param name="WeightColumn">The column of per-row loss weights, or null for none.</param>
public sealed record TrainingPlan(
    string TargetColumn,
    LossFunction Loss,
    double? HuberDelta,
    OutputActivation OutputActivation,
    int OutputUnits,
    IReadOnlyList<PlannedFeature> Features,
    MissingValueStrategy MissingValues,
    long InputWidth,
    IReadOnlyList<LayerSummary> Layers,
    long Parameters,
    long TrainingRows,
    long ValidationRows,
    long RowsWithoutTarget,
    PlannedClassWeights? ClassWeights = null,
    string? WeightColumn = null);
