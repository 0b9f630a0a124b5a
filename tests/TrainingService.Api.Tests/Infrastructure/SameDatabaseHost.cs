using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;

namespace TrainingService.Api.Tests.Infrastructure;

/// <summary>A second Api process on the same database, as a second replica would be.</summary>
internal sealed class SameDatabaseHost(string connectionString) : WebApplicationFactory<Program>
{
    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        builder.UseSetting("ConnectionStrings:Postgres", connectionString);
        builder.UseSetting("Auth:BootstrapAdminKey", ApiFactory.AdministratorKey);
        builder.UseEnvironment("Testing");
    }
}
