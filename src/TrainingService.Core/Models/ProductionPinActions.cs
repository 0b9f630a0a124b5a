namespace TrainingService.Core.Models;

/// <summary>What a <see cref="ProductionPinChange"/> did, as stored and returned (<c>action</c>).</summary>
public static class ProductionPinActions
{
    public const string Pin = "pin";
    public const string Unpin = "unpin";
}
