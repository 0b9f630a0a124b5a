namespace TrainingService.Core.Datasets;

/// <summary>
/// How a stored chunk holds its values, chosen per chunk at import (<see cref="ChunkCodec.Choose"/>), stored as
/// <c>dataset_chunks.value_bytes</c>. The first three numbers happen to be their bytes per value (the column's name
/// comes from them), <see cref="UInt8NoMissing"/>'s is not: byte offsets come from <see cref="ChunkCodec.BytesPerValue"/>.
/// </summary>
public enum ChunkValueFormat : short
{
    /// <summary>One byte per value: whole numbers 0 to 254, 255 for a missing value.</summary>
    UInt8 = 1,

    /// <summary>Little-endian uint16: whole numbers 0 to 65,534, 65,535 for a missing value.</summary>
    UInt16 = 2,

    /// <summary>Little-endian float32, NaN for a missing value: any value (every chunk written before value_bytes existed).</summary>
    Float32 = 4,

    /// <summary>
    /// One byte per value, every byte a number: whole numbers 0 to 255 and no missing value (pixels that reach 255),
    /// which <see cref="UInt8"/> cannot hold since its 255 means missing. Chunks written before it existed are uint16.
    /// </summary>
    UInt8NoMissing = 5,
}
