using Microsoft.AspNetCore.Hosting;

namespace TrainingService.Api.Tests.Predictions;

/// <summary>Trained models whose asynchronous predictions score in chunks of 64 rows, so the 400-row dataset spans seven.</summary>
public sealed class AsyncScoringFactory : TrainedModelFactory
{
    public const int ChunkRows = 64;

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        base.ConfigureWebHost(builder);
        builder.UseSetting("Predictions:ScoringChunkRows", ChunkRows.ToString(System.Globalization.CultureInfo.InvariantCulture));
    }
}
