using System.Net.Http.Headers;
using System.Net.Http.Json;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Identity;

namespace TrainingService.Api.Tests.Infrastructure;

/// <summary>
/// The real Api over real HTTP plumbing, on a fresh PostgreSQL database of its own (dropped afterwards),
/// with an in-process Hangfire server. Use one per test class through <c>IClassFixture</c>. Its clients call as one
/// tenant of its own (created through the administrator's routes); <see cref="CreateClientWithKey"/> calls as another.
/// </summary>
public class ApiFactory : WebApplicationFactory<Program>, IAsyncLifetime
{
    public const string AdministratorKey = "test-administrator-key-0123456789abcdef";

    public string ConnectionString { get; private set; } = string.Empty;

    /// <summary>The tenant the default clients call as.</summary>
    public Guid TenantId { get; private set; }

    public string TenantKey { get; private set; } = string.Empty;

    public virtual async Task InitializeAsync()
    {
        ConnectionString = await PostgresServer.CreateDatabaseAsync(GetType().Name);
        // Build the host now so migrations run before the first test does.
        _ = Services;
        (TenantId, TenantKey) = await CreateTenantAsync("tests");
    }

    async Task IAsyncLifetime.DisposeAsync()
    {
        await base.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }

    /// <summary>A new tenant and its first key, made by the administrator over HTTP.</summary>
    public async Task<(Guid Id, string Key)> CreateTenantAsync(string name)
    {
        using var admin = CreateClientWithKey(AdministratorKey);
        var response = await admin.PostAsJsonAsync("/api/tenants", new { name = $"{name}-{Guid.NewGuid():N}" });
        response.EnsureSuccessStatusCode();
        var tenant = (await response.Content.ReadFromJsonAsync<CreatedTenant>())!;
        return (tenant.Id, tenant.ApiKey);
    }

    /// <summary>A client that sends <paramref name="key"/> (or nothing, for null) instead of the default tenant's key.</summary>
    public HttpClient CreateClientWithKey(string? key)
    {
        var client = CreateClient();
        client.DefaultRequestHeaders.Authorization = key is null ? null : new AuthenticationHeaderValue("Bearer", key);
        return client;
    }

    /// <summary>A service scope working as the default tenant, for tests that read or write through the DbContext.</summary>
    public AsyncServiceScope CreateTenantScope()
    {
        var scope = Services.CreateAsyncScope();
        scope.ServiceProvider.GetRequiredService<TenantScope>().Enter(TenantId);
        return scope;
    }

    protected override void ConfigureClient(HttpClient client)
    {
        base.ConfigureClient(client);
        if (TenantKey.Length > 0)
            client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", TenantKey);
    }

    protected override void ConfigureWebHost(IWebHostBuilder builder)
    {
        // UseSetting, not ConfigureAppConfiguration: Program reads these while building its services.
        builder.UseSetting("ConnectionStrings:Postgres", ConnectionString);
        builder.UseSetting("Workers:InProcess", "true");
        builder.UseSetting("Hangfire:QueuePollIntervalSeconds", "1");
        builder.UseSetting("Auth:BootstrapAdminKey", AdministratorKey);
        builder.UseEnvironment("Testing");
    }

    private sealed record CreatedTenant(Guid Id, string ApiKey);
}
