using System.Security.Cryptography;
using System.Text;

namespace TrainingService.Core.Identity;

/// <summary>
/// The form of an API key: <c>tsk_&lt;prefix&gt;_&lt;secret&gt;</c>, a 12-character lookup prefix (60 random bits) and a
/// 256-bit random secret. Keys are random, not chosen by people, so one SHA-256 over the whole key is a safe hash:
/// there is no password to guess by brute force.
/// </summary>
public static class ApiKeySecret
{
    private const string Scheme = "tsk_";
    private const int PrefixLength = 12;
    private const string PrefixAlphabet = "abcdefghijklmnopqrstuvwxyz234567";

    /// <summary>A new key and its lookup prefix.</summary>
    public static (string Key, string Prefix) Generate()
    {
        string prefix = RandomNumberGenerator.GetString(PrefixAlphabet, PrefixLength);
        string secret = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        return ($"{Scheme}{prefix}_{secret}", prefix);
    }

    /// <summary>The lookup prefix of a key of this form, or null for anything else.</summary>
    public static string? PrefixOf(string key) =>
        key.Length > Scheme.Length + PrefixLength + 1 && key.StartsWith(Scheme, StringComparison.Ordinal) && key[Scheme.Length + PrefixLength] == '_'
            ? key.Substring(Scheme.Length, PrefixLength)
            : null;

    public static byte[] Hash(string key) => SHA256.HashData(Encoding.UTF8.GetBytes(key));

    /// <summary>Compares in constant time, so response timing tells nothing about how much of a key matched.</summary>
    public static bool Matches(string key, byte[] hash) => CryptographicOperations.FixedTimeEquals(Hash(key), hash);
}
