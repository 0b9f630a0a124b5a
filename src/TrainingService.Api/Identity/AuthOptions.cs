using System.ComponentModel.DataAnnotations;
using System.Security.Cryptography;
using System.Text;

namespace TrainingService.Api.Identity;

/// <summary>"Auth" section.</summary>
public sealed class AuthOptions
{
    public const string SectionName = "Auth";

    /// <summary>
    /// The administrator's key (<c>Auth__BootstrapAdminKey</c>): it manages tenants and owns no data. Unset, no
    /// tenant can be created and every data route answers 401, as it should for a service nobody has set up.
    /// </summary>
    [MinLength(24, ErrorMessage = "Auth:BootstrapAdminKey must be at least 24 characters: it opens tenant management.")]
    public string? BootstrapAdminKey { get; set; }

    /// <summary>Optional JWT bearer tokens (<c>Auth__Jwt__Authority</c>, <c>__Audience</c>, <c>__TenantClaim</c>).</summary>
    public JwtAuthOptions Jwt { get; set; } = new();

    /// <summary>Compared as hashes in constant time: timing tells nothing about how much of the key matched.</summary>
    public bool IsAdministratorKey(string key) =>
        BootstrapAdminKey is { Length: > 0 } admin
        && CryptographicOperations.FixedTimeEquals(SHA256.HashData(Encoding.UTF8.GetBytes(key)), SHA256.HashData(Encoding.UTF8.GetBytes(admin)));
}
