using System.Net;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.AspNetCore.Mvc.Testing;
using Microsoft.EntityFrameworkCore;
using Microsoft.Extensions.DependencyInjection;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;

namespace TrainingService.Api.Tests.Identity;

public sealed class ApiKeyTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    [Fact]
    public async Task CreateTenant_Administrator_Returns201WithAWorkingKeyShownOnce()
    {
        using var admin = factory.CreateClientWithKey(ApiFactory.AdministratorKey);

        var response = await admin.PostAsJsonAsync("/api/tenants", new { name = $"team-{Guid.NewGuid():N}" });
        var tenant = await response.Content.ReadFromJsonAsync<JsonElement>();
        string key = tenant.GetProperty("apiKey").GetString()!;

        Assert.Equal(HttpStatusCode.Created, response.StatusCode);
        Assert.StartsWith("tsk_", key, StringComparison.Ordinal);
        Assert.True(key.Length >= 4 + 12 + 1 + 43, "a key carries at least 256 random bits");
        using var client = factory.CreateClientWithKey(key);
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/datasets")).StatusCode);
        var listed = await admin.GetFromJsonAsync<JsonElement>("/api/tenants");
        Assert.Contains(listed.EnumerateArray(), t => t.GetProperty("id").GetGuid() == tenant.GetProperty("id").GetGuid() && t.GetProperty("apiKey").ValueKind == JsonValueKind.Null);
    }

    [Fact]
    public async Task Keys_CreateListRevoke_RevokedKeyIs401AtOnceInAnotherApiHostToo()
    {
        var client = factory.CreateClient();
        var created = await (await client.PostAsJsonAsync("/api/keys", new { name = "ci" })).Content.ReadFromJsonAsync<JsonElement>();
        string key = created.GetProperty("key").GetString()!;
        await using var secondHost = new SameDatabaseHost(factory.ConnectionString);
        using var viaSecond = secondHost.CreateClient();
        viaSecond.DefaultRequestHeaders.Add("X-Api-Key", key);
        Assert.Equal(HttpStatusCode.OK, (await viaSecond.GetAsync("/api/models")).StatusCode);

        var keys = await client.GetFromJsonAsync<JsonElement>("/api/keys");
        var listed = keys.EnumerateArray().Single(k => k.GetProperty("id").GetGuid() == created.GetProperty("id").GetGuid());
        Assert.Equal(JsonValueKind.Null, listed.GetProperty("key").ValueKind);
        Assert.NotEqual(JsonValueKind.Null, listed.GetProperty("lastUsedAt").ValueKind);
        Assert.Equal("ci", listed.GetProperty("name").GetString());

        Assert.Equal(HttpStatusCode.NoContent, (await client.DeleteAsync($"/api/keys/{created.GetProperty("id").GetGuid()}")).StatusCode);
        using var afterRevoke = await viaSecond.GetAsync("/api/models");
        Assert.Equal(HttpStatusCode.Unauthorized, afterRevoke.StatusCode);
        Assert.Contains("revoked", (await afterRevoke.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/models")).StatusCode);
    }

    [Fact]
    public async Task CreateTenantKey_Administrator_GivesAWorkingKeyOrA404ForAnUnknownTenant()
    {
        var (tenantId, _) = await factory.CreateTenantAsync("lost-keys");
        using var admin = factory.CreateClientWithKey(ApiFactory.AdministratorKey);

        var created = await admin.PostAsJsonAsync($"/api/tenants/{tenantId}/keys", new { name = "recovered" });
        var unknown = await admin.PostAsJsonAsync($"/api/tenants/{Guid.NewGuid()}/keys", new { name = "recovered" });

        Assert.Equal(HttpStatusCode.Created, created.StatusCode);
        var key = await created.Content.ReadFromJsonAsync<JsonElement>();
        Assert.Equal(tenantId, key.GetProperty("tenantId").GetGuid());
        using var client = factory.CreateClientWithKey(key.GetProperty("key").GetString());
        Assert.Equal(HttpStatusCode.OK, (await client.GetAsync("/api/datasets")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, unknown.StatusCode);
    }

    [Fact]
    public async Task Requests_UnknownKey_Return401ProblemWithWwwAuthenticate()
    {
        using var client = factory.CreateClientWithKey("tsk_aaaaaaaaaaaa_not-a-real-key-aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa");

        using var response = await client.GetAsync("/api/datasets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("Bearer", response.Headers.WwwAuthenticate.ToString());
    }

    [Fact]
    public async Task Roles_AdministratorOnDataAndTenantOnTenants_Return403()
    {
        using var admin = factory.CreateClientWithKey(ApiFactory.AdministratorKey);
        var tenantKeyOnTenants = await factory.CreateClient().GetAsync("/api/tenants");
        var adminOnData = await admin.GetAsync("/api/datasets");

        Assert.Equal(HttpStatusCode.Forbidden, tenantKeyOnTenants.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, adminOnData.StatusCode);
        Assert.Contains("owns no data", (await adminOnData.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task DeleteTenant_Administrator_RevokesItsKeysAndDeletesItsData()
    {
        var (tenantId, key) = await factory.CreateTenantAsync("leaving");
        using var client = factory.CreateClientWithKey(key);
        var upload = await Datasets.DatasetRequests.UploadAsync(client, "a,b\n1,2\n3,4\n");
        Assert.Equal(HttpStatusCode.Created, upload.StatusCode);
        using var admin = factory.CreateClientWithKey(ApiFactory.AdministratorKey);

        Assert.Equal(HttpStatusCode.NoContent, (await admin.DeleteAsync($"/api/tenants/{tenantId}")).StatusCode);

        Assert.Equal(HttpStatusCode.Unauthorized, (await client.GetAsync("/api/datasets")).StatusCode);
        await using (var scope = factory.CreateTenantScope())
        {
            var db = scope.ServiceProvider.GetRequiredService<TrainingServiceDbContext>();
            Assert.False(await db.Datasets.IgnoreQueryFilters().AnyAsync(d => d.TenantId == tenantId), "the tenant's dataset outlived it");
        }

        Assert.Equal(HttpStatusCode.NotFound, (await admin.DeleteAsync($"/api/tenants/{tenantId}")).StatusCode);
    }

    [Fact]
    public async Task HangfireDashboard_OnlyTheAdministrator_ByHeaderOrSignInCookie()
    {
        Assert.Equal(HttpStatusCode.Unauthorized, (await factory.CreateClientWithKey(null).GetAsync("/hangfire")).StatusCode);
        Assert.NotEqual(HttpStatusCode.OK, (await factory.CreateClient().GetAsync("/hangfire")).StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await factory.CreateClientWithKey(ApiFactory.AdministratorKey).GetAsync("/hangfire")).StatusCode);

        using var browser = factory.CreateClient(new WebApplicationFactoryClientOptions { HandleCookies = true, AllowAutoRedirect = false });
        browser.DefaultRequestHeaders.Authorization = null;
        var wrong = await browser.PostAsync("/hangfire-login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = factory.TenantKey }));
        Assert.Equal(HttpStatusCode.Unauthorized, wrong.StatusCode);
        var signIn = await browser.PostAsync("/hangfire-login", new FormUrlEncodedContent(new Dictionary<string, string> { ["key"] = ApiFactory.AdministratorKey }));
        Assert.Equal(HttpStatusCode.Redirect, signIn.StatusCode);
        Assert.Equal(HttpStatusCode.OK, (await browser.GetAsync("/hangfire")).StatusCode);
    }
}
