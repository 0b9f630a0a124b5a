using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Security.Claims;
using System.Text.Json;
using Microsoft.AspNetCore.Authentication.JwtBearer;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Protocols;
using Microsoft.IdentityModel.Protocols.OpenIdConnect;
using Microsoft.IdentityModel.Tokens;
using TrainingService.Api.Tests.Infrastructure;

namespace TrainingService.Api.Tests.Identity;

/// <summary>Tokens of a team's identity provider, signed here with a local key, give the same tenant identity as its keys.</summary>
public sealed class JwtBearerTests(JwtBearerTests.LocalIssuerApiFactory factory) : IClassFixture<JwtBearerTests.LocalIssuerApiFactory>
{
    [Fact]
    public async Task Token_NamingTheTenantById_SeesWhatTheTenantsKeyStored()
    {
        var uploaded = await Datasets.DatasetRequests.UploadOkAsync(factory.CreateClient(), "a,b\n1,2\n3,4\n");
        using var client = ClientWith(factory.Token(factory.TenantId.ToString()));

        var datasets = await client.GetFromJsonAsync<JsonElement>("/api/datasets");

        Assert.Contains(datasets.GetProperty("items").EnumerateArray(), d => d.GetProperty("id").GetGuid() == uploaded.GetProperty("id").GetGuid());
    }

    [Fact]
    public async Task Token_NamingAnUnknownTenant_Returns401ProblemSayingSo()
    {
        using var client = ClientWith(factory.Token("no-such-team"));

        using var response = await client.GetAsync("/api/datasets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Contains("names no tenant", (await response.Content.ReadFromJsonAsync<JsonElement>()).GetProperty("detail").GetString());
    }

    [Fact]
    public async Task Token_SignedWithAnotherKey_Returns401()
    {
        using var client = ClientWith(factory.Token(factory.TenantId.ToString(), new SymmetricSecurityKey(new byte[32])));

        using var response = await client.GetAsync("/api/datasets");

        Assert.Equal(HttpStatusCode.Unauthorized, response.StatusCode);
        Assert.Equal("application/problem+json", response.Content.Headers.ContentType?.MediaType);
    }

    [Fact]
    public async Task Token_OnAdministratorRoute_Returns403()
    {
        using var client = ClientWith(factory.Token(factory.TenantId.ToString()));

        Assert.Equal(HttpStatusCode.Forbidden, (await client.GetAsync("/api/tenants")).StatusCode);
    }

    private HttpClient ClientWith(string token)
    {
        var client = factory.CreateClient();
        client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", token);
        return client;
    }

    public sealed class LocalIssuerApiFactory : ApiFactory
    {
        private const string Issuer = "https://identity.example.test";
        private const string Audience = "trainingservice";
        private readonly SymmetricSecurityKey _signingKey = new(System.Security.Cryptography.RandomNumberGenerator.GetBytes(32));

        public string Token(string tenant, SecurityKey? signWith = null) => new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Issuer = Issuer,
            Audience = Audience,
            Subject = new ClaimsIdentity([new Claim("sub", "someone"), new Claim("team", tenant)]),
            Expires = DateTime.UtcNow.AddMinutes(5),
            SigningCredentials = new SigningCredentials(signWith ?? _signingKey, SecurityAlgorithms.HmacSha256),
        });

        protected override void ConfigureWebHost(IWebHostBuilder builder)
        {
            base.ConfigureWebHost(builder);
            builder.UseSetting("Auth:Jwt:Authority", Issuer);
            builder.UseSetting("Auth:Jwt:Audience", Audience);
            builder.UseSetting("Auth:Jwt:TenantClaim", "team");
            // The provider's metadata, given here instead of fetched: the same validation with a key signed locally.
            builder.ConfigureServices(services => services.PostConfigure<JwtBearerOptions>("Jwt", bearer =>
            {
                var metadata = new OpenIdConnectConfiguration { Issuer = Issuer };
                metadata.SigningKeys.Add(_signingKey);
                bearer.Configuration = metadata;
                bearer.ConfigurationManager = new StaticConfigurationManager<OpenIdConnectConfiguration>(metadata);
            }));
        }
    }
}
