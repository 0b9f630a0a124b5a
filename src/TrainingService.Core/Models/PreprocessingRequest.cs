using System.ComponentModel;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

[Description("Feature preprocessing, fitted on the training split. Categorical features are always one-hot encoded.")]
public sealed record PreprocessingRequest(
    [property: Description("Numeric feature scaling. Default standardize."), StringEnum(typeof(NumericScaling))]
    string? Numeric = null,
    [property: Description("Missing numeric values: mean (of the training split), zero, or error (fail the job). Default mean."), StringEnum(typeof(MissingValueStrategy))]
    string? Missing = null);
