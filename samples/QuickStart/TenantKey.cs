using TrainingService.Client;

namespace QuickStart;

/// <summary>A tenant of the sample's own, made with the administrator's key, when no tenant key was given.</summary>
internal static class TenantKey
{
    public static async Task<string> CreateAsync(Uri baseUrl, string? administratorKey, CancellationToken cancellationToken)
    {
        if (string.IsNullOrWhiteSpace(administratorKey))
            throw new ArgumentException("Give a tenant's API key (second argument or TRAININGSERVICE_KEY), or TRAININGSERVICE_ADMIN_KEY to create a tenant.");
        using var administrator = new TrainingServiceClient(baseUrl, administratorKey);
        var tenant = await administrator.Tenants.CreateAsync($"quickstart-{DateTime.UtcNow:yyyyMMdd-HHmmss}", cancellationToken);
        Console.WriteLine($"Created tenant {tenant.Name}; its key (shown once): {tenant.ApiKey}");
        return tenant.ApiKey!;
    }
}
