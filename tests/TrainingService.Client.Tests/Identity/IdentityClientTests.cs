using System.Net;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Identity;

public sealed class IdentityClientTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient administrator = factory.CreateTrainingServiceClient(ApiFactory.AdministratorKey);

    [Fact]
    public async Task Tenants_CreateListKeyAndDelete_AsTheAdministrator()
    {
        var tenant = await administrator.Tenants.CreateAsync($"client-{Guid.NewGuid():N}");
        Assert.StartsWith("tsk_", tenant.ApiKey);
        Assert.Contains(await administrator.Tenants.ListAsync(), t => t.Id == tenant.Id && t.ApiKey is null);

        var second = await administrator.Tenants.CreateKeyAsync(tenant.Id, "recovery");
        Assert.Equal(tenant.Id, second.TenantId);
        using (var asTenant = factory.CreateTrainingServiceClient(second.Key))
            Assert.Equal(0, (await asTenant.Datasets.ListAsync()).Total);

        await administrator.Tenants.DeleteAsync(tenant.Id);
        var gone = await Assert.ThrowsAsync<TrainingServiceException>(() => administrator.Tenants.DeleteAsync(tenant.Id));
        Assert.True(gone.IsNotFound);
        using var deleted = factory.CreateTrainingServiceClient(tenant.ApiKey);
        var refused = await Assert.ThrowsAsync<TrainingServiceException>(() => deleted.Models.ListAsync());
        Assert.True(refused.IsUnauthorized);
    }

    [Fact]
    public async Task Keys_CreateListAndRevoke_TheRevokedKeyIsRefused()
    {
        var (_, key) = await factory.CreateTenantAsync("keys");
        using var tenant = factory.CreateTrainingServiceClient(key);

        var created = await tenant.Keys.CreateAsync("ci");
        Assert.Equal("ci", created.Name);
        Assert.NotNull(created.Key);
        var listed = await tenant.Keys.ListAsync();
        Assert.Equal(2, listed.Count);
        Assert.All(listed, k => Assert.Null(k.Key));

        using var withNewKey = factory.CreateTrainingServiceClient(created.Key);
        await withNewKey.Models.ListAsync();
        await tenant.Keys.RevokeAsync(created.Id);

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => withNewKey.Models.ListAsync());
        Assert.Equal(HttpStatusCode.Unauthorized, error.StatusCode);
        var unknown = await Assert.ThrowsAsync<TrainingServiceException>(() => tenant.Keys.RevokeAsync(Guid.NewGuid()));
        Assert.True(unknown.IsNotFound);
    }

    [Fact]
    public async Task NoKey_Throws401WithTheServiceExplanation()
    {
        using var anonymous = factory.CreateTrainingServiceClient(key: null);

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => anonymous.Datasets.ListAsync());

        Assert.True(error.IsUnauthorized);
        Assert.Contains("X-Api-Key", error.Detail);
    }

    [Fact]
    public async Task TenantKeyOnAdministratorRoute_Throws403()
    {
        using var tenant = factory.CreateTrainingServiceClient();

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => tenant.Tenants.ListAsync());

        Assert.Equal(HttpStatusCode.Forbidden, error.StatusCode);
        Assert.True(error.IsForbidden);
    }

    [Fact]
    public async Task CreateAsync_EmptyName_ThrowsWithTheNameFieldError()
    {
        using var tenant = factory.CreateTrainingServiceClient();

        var error = await Assert.ThrowsAsync<TrainingServiceException>(() => tenant.Keys.CreateAsync(" "));

        Assert.Equal(["name is required."], error.Errors["name"]);
    }
}
