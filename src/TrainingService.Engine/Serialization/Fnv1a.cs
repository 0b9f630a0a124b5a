namespace TrainingService.Engine.Serialization;

/// <summary>
/// 64-bit FNV-1a over bytes: the checksum that closes the engine's binary formats (models and training checkpoints).
/// Every stored blob carries it, so the function must never change.
/// </summary>
internal static class Fnv1a
{
    private const ulong OffsetBasis = 14695981039346656037UL;
    private const ulong Prime = 1099511628211UL;

    public static ulong Hash(ReadOnlySpan<byte> data)
    {
        ulong hash = OffsetBasis;
        foreach (byte b in data)
            hash = (hash ^ b) * Prime;
        return hash;
    }
}
