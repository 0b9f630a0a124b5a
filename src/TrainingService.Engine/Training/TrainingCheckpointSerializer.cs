using System.Buffers.Binary;
using System.Runtime.InteropServices;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;
using TrainingService.Engine.Serialization;

namespace TrainingService.Engine.Training;

/// <summary>
/// Versioned little-endian binary form of a <see cref="TrainingCheckpoint"/>:
/// <c>"TSCK"</c>, int32 format version, int64 payload length, payload, uint64 FNV-1a hash of the payload.
/// The hash turns a truncated or bit-flipped blob into a clear error instead of a subtly wrong resume. Float blocks go
/// as their in-memory bytes, little-endian on every host the service runs on (Core refuses big-endian machines at start).
/// </summary>
public static class TrainingCheckpointSerializer
{
    /// <summary>The format version this engine writes and the newest it reads.</summary>
    public const int CurrentVersion = 1;

    private const uint Magic = 0x4B435354; // "TSCK" read as little-endian uint32
    private const int HeaderSize = 16;

    public static byte[] Serialize(TrainingCheckpoint checkpoint)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        using var payload = new MemoryStream();
        using (var writer = new BinaryWriter(payload, System.Text.Encoding.UTF8, leaveOpen: true))
            WritePayload(writer, checkpoint);
        byte[] body = payload.ToArray();

        var result = new byte[HeaderSize + body.Length + sizeof(ulong)];
        var span = result.AsSpan();
        BinaryPrimitives.WriteUInt32LittleEndian(span, Magic);
        BinaryPrimitives.WriteInt32LittleEndian(span[4..], CurrentVersion);
        BinaryPrimitives.WriteInt64LittleEndian(span[8..], body.Length);
        body.CopyTo(span[HeaderSize..]);
        BinaryPrimitives.WriteUInt64LittleEndian(span[(HeaderSize + body.Length)..], Fnv1a.Hash(body));
        return result;
    }

    /// <exception cref="InvalidDataException">The bytes are not a checkpoint, are corrupt, or come from a newer format version.</exception>
    public static TrainingCheckpoint Deserialize(ReadOnlySpan<byte> bytes)
    {
        if (bytes.Length < HeaderSize + sizeof(ulong) || BinaryPrimitives.ReadUInt32LittleEndian(bytes) != Magic)
            throw new InvalidDataException("The data is not a training checkpoint (missing TSCK header).");
        int version = BinaryPrimitives.ReadInt32LittleEndian(bytes[4..]);
        if (version > CurrentVersion)
            throw new InvalidDataException($"The checkpoint has format version {version}; this engine reads up to version {CurrentVersion}. Upgrade the engine to resume it.");
        if (version < 1)
            throw new InvalidDataException($"The checkpoint has an invalid format version {version}.");
        long length = BinaryPrimitives.ReadInt64LittleEndian(bytes[8..]);
        if (length < 0 || length != bytes.Length - HeaderSize - sizeof(ulong))
            throw new InvalidDataException($"The checkpoint is truncated or padded: header says {length} payload bytes, {bytes.Length - HeaderSize - sizeof(ulong)} present.");
        ReadOnlySpan<byte> body = bytes.Slice(HeaderSize, (int)length);
        if (Fnv1a.Hash(body) != BinaryPrimitives.ReadUInt64LittleEndian(bytes[(HeaderSize + (int)length)..]))
            throw new InvalidDataException("The checkpoint is corrupt: its checksum does not match its contents.");

        using var stream = new MemoryStream(body.ToArray(), writable: false);
        using var reader = new BinaryReader(stream);
        try
        {
            TrainingCheckpoint checkpoint = ReadPayload(reader);
            if (stream.Position != stream.Length)
                throw new InvalidDataException("The checkpoint has unexpected trailing data.");
            return checkpoint;
        }
        catch (Exception e) when (e is EndOfStreamException or ArgumentException or OverflowException)
        {
            throw new InvalidDataException("The checkpoint is corrupt: " + e.Message, e);
        }
    }

    private static void WritePayload(BinaryWriter w, TrainingCheckpoint c)
    {
        w.Write(c.Epoch);
        WriteBytes(w, c.Network);

        w.Write((int)c.Optimizer.Type);
        w.Write(c.Optimizer.StepCount);
        WriteFloatArrays(w, c.Optimizer.Slots);

        w.Write(c.Schedule.LearningRate);
        w.Write(c.Schedule.Best);
        w.Write(c.Schedule.BadEpochs);
        w.Write(c.Schedule.CooldownRemaining);

        w.Write(c.EarlyStopping is not null);
        if (c.EarlyStopping is { } es)
        {
            w.Write(es.Best);
            w.Write(es.BestEpoch);
            w.Write(es.Wait);
            WriteFloatArrays(w, es.BestValues);
        }

        WriteUInt64s(w, c.ShuffleRandomState);
        w.Write(c.DropoutRandomState is not null);
        if (c.DropoutRandomState is { } dropout)
            WriteUInt64s(w, dropout);
    }

    private static TrainingCheckpoint ReadPayload(BinaryReader r)
    {
        int epoch = r.ReadInt32();
        byte[] network = ReadBytes(r);

        var optimizerType = (OptimizerKind)r.ReadInt32();
        if (!Enum.IsDefined(optimizerType))
            throw new InvalidDataException($"The checkpoint names an unknown optimizer type {(int)optimizerType}.");
        var optimizer = new OptimizerState(optimizerType, r.ReadInt64(), ReadFloatArrays(r));

        var schedule = new ScheduleState(r.ReadDouble(), r.ReadDouble(), r.ReadInt32(), r.ReadInt32());

        EarlyStoppingState? earlyStopping = null;
        if (r.ReadBoolean())
            earlyStopping = new EarlyStoppingState(r.ReadDouble(), r.ReadInt32(), r.ReadInt32(), ReadFloatArrays(r));

        ulong[] shuffle = ReadUInt64s(r);
        ulong[]? dropout = r.ReadBoolean() ? ReadUInt64s(r) : null;
        return new TrainingCheckpoint(epoch, network, optimizer, schedule, earlyStopping, shuffle, dropout);
    }

    private static void WriteBytes(BinaryWriter w, byte[] bytes)
    {
        w.Write(bytes.Length);
        w.Write(bytes);
    }

    private static byte[] ReadBytes(BinaryReader r)
    {
        int length = ReadLength(r);
        byte[] bytes = r.ReadBytes(length);
        return bytes.Length == length ? bytes : throw new EndOfStreamException("a byte block is cut short.");
    }

    private static void WriteFloatArrays(BinaryWriter w, IReadOnlyList<float[]> arrays)
    {
        w.Write(arrays.Count);
        foreach (float[] array in arrays)
        {
            w.Write(array.Length);
            w.Write(MemoryMarshal.AsBytes(array.AsSpan()));
        }
    }

    private static float[][] ReadFloatArrays(BinaryReader r)
    {
        var arrays = new float[ReadLength(r)][];
        for (int i = 0; i < arrays.Length; i++)
        {
            var array = new float[ReadLength(r)];
            Span<byte> target = MemoryMarshal.AsBytes(array.AsSpan());
            if (r.Read(target) != target.Length)
                throw new EndOfStreamException("a float block is cut short.");
            arrays[i] = array;
        }
        return arrays;
    }

    private static void WriteUInt64s(BinaryWriter w, ulong[] values)
    {
        w.Write(values.Length);
        foreach (ulong v in values)
            w.Write(v);
    }

    private static ulong[] ReadUInt64s(BinaryReader r)
    {
        var values = new ulong[ReadLength(r)];
        for (int i = 0; i < values.Length; i++)
            values[i] = r.ReadUInt64();
        return values;
    }

    private static int ReadLength(BinaryReader r)
    {
        int length = r.ReadInt32();
        if (length < 0 || length > r.BaseStream.Length - r.BaseStream.Position)
            throw new InvalidDataException($"The checkpoint is corrupt: a block claims {length} elements.");
        return length;
    }
}
