using TrainingService.Core.Validation;

namespace TrainingService.Core.Models;

/// <summary>Fills an optimizer's defaults by type and checks its parameters, reporting under <c>optimizer.*</c>.</summary>
internal static class OptimizerRequestValidator
{
    public static OptimizerDefinition Validate(OptimizerRequest? request, ValidationErrors errors)
    {
        request ??= new OptimizerRequest();
        var type = errors.Enum("optimizer.type", request.Type, OptimizerDefaults.DefaultType);
        var defaults = OptimizerDefaults.For(type);
        string typeName = WireEnum.NameOf(type);

        errors.Range("optimizer.learningRate", request.LearningRate, v => v > 0, "greater than 0");
        errors.Range("optimizer.gradientClipNorm", request.GradientClipNorm, v => v > 0, "greater than 0, or null for none");
        return new OptimizerDefinition(
            type,
            request.LearningRate ?? defaults.LearningRate,
            Parameter("momentum", request.Momentum, defaults.Momentum, typeName, errors, v => v is >= 0 and < 1, "at least 0 and less than 1"),
            Parameter("beta1", request.Beta1, defaults.Beta1, typeName, errors, v => v is >= 0 and < 1, "at least 0 and less than 1"),
            Parameter("beta2", request.Beta2, defaults.Beta2, typeName, errors, v => v is >= 0 and < 1, "at least 0 and less than 1"),
            Parameter("epsilon", request.Epsilon, defaults.Epsilon, typeName, errors, v => v > 0, "greater than 0"),
            Parameter("rho", request.Rho, defaults.Rho, typeName, errors, v => v is >= 0 and < 1, "at least 0 and less than 1"),
            Parameter("weightDecay", request.WeightDecay, defaults.WeightDecay, typeName, errors, v => v >= 0, "0 or more"),
            request.GradientClipNorm);
    }

    // The defaults table says which parameters a type uses (non-null default): others are rejected, not ignored.
    private static double? Parameter(
        string name, double? sent, double? fallback, string type, ValidationErrors errors, Func<double, bool> valid, string rule)
    {
        string path = $"optimizer.{name}";
        if (fallback is null)
        {
            if (sent is not null)
                errors.Add(path, $"{name} does not apply to optimizer {type}.");
            return null;
        }

        errors.Range(path, sent, valid, rule);
        return sent ?? fallback;
    }
}
