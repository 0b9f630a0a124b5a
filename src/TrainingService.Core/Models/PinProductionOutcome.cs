namespace TrainingService.Core.Models;

/// <summary>What pinning (or unpinning) a model's production job came to.</summary>
public abstract record PinProductionOutcome
{
    /// <summary>The model now predicts with <paramref name="TrainingJobId"/> by default (null: with its latest job).</summary>
    public sealed record Changed(Guid? TrainingJobId) : PinProductionOutcome;

    public sealed record NotFound : PinProductionOutcome;

    /// <summary>No job of the model has the id (or none was given).</summary>
    public sealed record Invalid(Dictionary<string, string[]> Errors) : PinProductionOutcome;

    /// <summary>The job is the model's but has no trained model to predict with (yet).</summary>
    public sealed record NotTrained(Guid TrainingJobId, string Detail) : PinProductionOutcome;
}
