namespace TrainingService.Core.Datasets;

/// <summary>
/// How a stored chunk holds its values, chosen per chunk at import (<see cref="ChunkCodec.Choose"/>). The number is
/// the bytes per value, stored as <c>dataset_chunks.value_bytes</c>: byte offsets into a chunk are row × format.
/// </summary>
public enum ChunkValueFormat : short
{
    /// <summary>One byte per value: whole numbers 0 to 254, 255 for a missing value.</summary>
    UInt8 = 1,

    /// <summary>Little-endian uint16: whole numbers 0 to 65,534, 65,535 for a missing value.</summary>
    UInt16 = 2,

    /// <summary>Little-endian float32, NaN for a missing value: any value (every chunk written before value_bytes existed).</summary>
    Float32 = 4,
}
