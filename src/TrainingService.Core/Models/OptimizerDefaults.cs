using System.Globalization;
using TrainingService.Engine.Optimizers;

namespace TrainingService.Core.Models;

/// <summary>
/// Each optimizer's parameters with the engine's defaults (<see cref="OptimizerSpec.DefaultsFor"/>, the one place they
/// are written): the non-null parameters of <see cref="For"/> are exactly the ones that type uses, so validation and
/// echoing share one table.
/// </summary>
public static class OptimizerDefaults
{
    public const OptimizerType DefaultType = OptimizerType.Adam;

    public static OptimizerDefinition For(OptimizerType type)
    {
        OptimizerSpec engine = OptimizerSpec.DefaultsFor(ModelDefinitionMapping.ToOptimizerKind(type));
        return new(type, Decimal(engine.LearningRate)!.Value, Decimal(engine.Momentum), Decimal(engine.Beta1), Decimal(engine.Beta2),
            Decimal(engine.Epsilon), Decimal(engine.Rho), Decimal(engine.WeightDecay));
    }

    // The engine states its defaults in float; the API speaks double. Widening 0.001f would give 0.0010000000474974513,
    // so carry the decimal the float was written as (its shortest round-trip form), which narrows back to the same float.
    private static double? Decimal(float? value) =>
        value is { } v ? double.Parse(v.ToString(CultureInfo.InvariantCulture), CultureInfo.InvariantCulture) : null;
}
