using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Hosting;

namespace TrainingService.Core.Hosting;

/// <summary>
/// Where a host finds its <c>appsettings.json</c>: next to its own assembly, whatever the working directory.
/// </summary>
/// <remarks>
/// ASP.NET Core's default content root is the working directory. The image starts <c>dotnet /app/api/….dll</c>
/// from <c>/app</c>, so the settings in <c>/app/api</c> were never read (log levels ignored, every EF command
/// logged). Fixing it in the host rather than in the entrypoint (a <c>cd</c> or <c>--contentRoot</c>) holds for
/// every launcher: the entrypoint, a Kubernetes <c>command:</c>, <c>docker run --entrypoint</c>, a systemd unit,
/// <c>dotnet run</c> from the repository root. A content root given explicitly (<c>--contentRoot</c>,
/// <c>DOTNET_CONTENTROOT</c>, <c>ASPNETCORE_CONTENTROOT</c>; WebApplicationFactory passes one) still wins.
/// </remarks>
public static class HostContentRoot
{
    public static WebApplicationOptions OptionsFor(string[] args) => new()
    {
        Args = args,
        ContentRootPath = IsGiven(args) ? null : AppContext.BaseDirectory,
    };

    private static bool IsGiven(string[] args) =>
        new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey] is not null;
}
