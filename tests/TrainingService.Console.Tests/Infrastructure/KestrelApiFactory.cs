using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http.Features;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Console.Tests.Infrastructure;

/// <summary>
/// The Api with its in-process Hangfire workers on a fresh PostgreSQL database, listening on a real loopback port
/// (Kestrel, not the in-memory test server) so a browser can load the console and call the API.
/// </summary>
public sealed class KestrelApiFactory : ApiFactory
{
    public KestrelApiFactory() => UseKestrel(0);

    /// <summary>Where the browser goes: the address Kestrel bound.</summary>
    public Uri BaseAddress => new(Services.GetRequiredService<IServer>().Features.GetRequiredFeature<IServerAddressesFeature>().Addresses
        .First().Replace("[::]", "127.0.0.1", StringComparison.Ordinal).Replace("0.0.0.0", "127.0.0.1", StringComparison.Ordinal));
}
