using TrainingService.Core.Models;
using TrainingService.Core.Training.Preprocessing;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Training;

namespace TrainingService.Core.Training;

/// <summary>Everything a run needs, derived from the job, its model and its data: encoded rows, network and trainer settings.</summary>
public sealed record PreparedTraining(
    FittedPreprocessing Preprocessing,
    OutputLayerSpec Output,
    NetworkSpec NetworkSpec,
    TrainerOptions TrainerOptions,
    TrainingData Train,
    TrainingData? Validation);
