using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace TrainingService.Core.Data;

/// <summary>Lets <c>dotnet ef migrations add</c> build the model without a host or a reachable database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<TrainingServiceDbContext>
{
    public TrainingServiceDbContext CreateDbContext(string[] args) =>
        new(new DbContextOptionsBuilder<TrainingServiceDbContext>()
            .UseNpgsql("Host=localhost;Database=trainingservice_design")
            .UseSnakeCaseNamingConvention()
            .Options);
}
