using System.Buffers.Binary;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Serialization;
using TrainingService.Engine.Specs;
using TrainingService.Engine.Tests.TestSupport;

namespace TrainingService.Engine.Tests.Serialization;

public sealed class NetworkSerializerTests
{
    // ToBytes of NetworkBuilder(2).Dense(2, Tanh).BatchNormalization().Dense(1).WithSeed(3), written by the engine at
    // format version 1 before the checksum and float blocks moved to shared helpers: stored models must stay readable.
    private const string StoredModel =
        "VFNOTgEAAAD1AAAAAAAAAAIAAAADAAAAAwAAAAAAAAADAAAAAQIAAAAGAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAOkcH0/bxKDOgEBAA" +
        "AAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAAACAAAAAgAAAAIAAADfTrA+Rqswv9Beqj2VIj2+AQAAAAIAAAAAAAAAAAAAAAAAAAACAAAA" +
        "AQAAAAIAAAAAAIA/AACAPwEAAAACAAAAAAAAAAAAAAACAAAAAgAAAAAAAAAAAAAAAgAAAAAAgD8AAIA/AgAAAAIAAAABAAAAJoeRvm7cUb8BAA" +
        "AAAQAAAAAAAAAAAAAAlPhWMrctr8E=";

    [Fact]
    public void FromBytes_StoredVersion1Model_ReadsBackAndWritesTheSameBytes()
    {
        byte[] stored = Convert.FromBase64String(StoredModel);

        Network network = NetworkSerializer.FromBytes(stored, maxBatchSize: 4);
        Network rebuilt = new NetworkBuilder(2).Dense(2, ActivationKind.Tanh).BatchNormalization().Dense(1).WithSeed(3).Build(maxBatchSize: 4);

        Assert.Equal(stored, NetworkSerializer.ToBytes(network));
        Assert.Equal(stored, NetworkSerializer.ToBytes(rebuilt));
    }

    [Fact]
    public void ReadWrite_TrainedNetwork_BitIdenticalOutputsAndState()
    {
        Network original = Trained();
        float[] x = TestData.Uniform(10 * 6, seed: 121, scale: 2f);

        Network copy = NetworkSerializer.FromBytes(NetworkSerializer.ToBytes(original));

        Assert.Equal(original.Forward(x, 10, false).ToArray(), copy.Forward(x, 10, false).ToArray());
        for (int p = 0; p < original.Parameters.Count; p++)
        {
            Assert.Equal(original.Parameters[p].Name, copy.Parameters[p].Name);
            Assert.Equal(original.Parameters[p].Value, copy.Parameters[p].Value);
        }
        var bn = (BatchNormalizationLayer)copy.Layers[1];
        Assert.Equal(((BatchNormalizationLayer)original.Layers[1]).RunningVariance, bn.RunningVariance);
        Assert.NotEqual(1f, bn.RunningVariance[0]); // the trained state, not the initial one
    }

    [Fact]
    public void ReadWrite_Spec_RoundTripsEveryField()
    {
        Network original = Trained();

        NetworkSpec spec = NetworkSerializer.FromBytes(NetworkSerializer.ToBytes(original)).Spec;

        Assert.Equal(original.Spec, spec);
        Assert.NotSame(original.Spec.Layers, spec.Layers);
    }

    [Fact]
    public void Read_EmbeddedBetweenOtherData_ReadsExactlyWhatWasWritten()
    {
        Network original = Trained();
        using var stream = new MemoryStream();
        using (var writer = new BinaryWriter(stream, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            writer.Write(42);
            NetworkSerializer.Write(stream, original);
            writer.Write("after");
        }
        stream.Position = 0;

        using var reader = new BinaryReader(stream);
        Assert.Equal(42, reader.ReadInt32());
        Network copy = NetworkSerializer.Read(stream);
        Assert.Equal("after", reader.ReadString());
        Assert.Equal(original.Parameters[0].Value, copy.Parameters[0].Value);
    }

    [Fact]
    public void ReadInto_SameArchitecture_OverwritesValuesAndState()
    {
        Network trained = Trained();
        var fresh = new Network(trained.Spec, maxBatchSize: 10);
        using var stream = new MemoryStream(NetworkSerializer.ToBytes(trained));
        float[] x = TestData.Uniform(10 * 6, seed: 124);

        NetworkSerializer.ReadInto(stream, fresh);

        Assert.Equal(stream.Length, stream.Position);
        Assert.Equal(trained.Forward(x, 10, false).ToArray(), fresh.Forward(x, 10, false).ToArray());
    }

    [Fact]
    public void ReadInto_DifferentArchitecture_ThrowsAndLeavesTargetUnchanged()
    {
        Network other = new NetworkBuilder(6).Dense(12).Dense(4).Build();
        float[] before = other.Parameters[0].Value.ToArray();
        using var stream = new MemoryStream(NetworkSerializer.ToBytes(Trained()));

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.ReadInto(stream, other));

        Assert.Contains("architecture differs", e.Message);
        Assert.Equal(before, other.Parameters[0].Value);
    }

    [Fact]
    public void Read_FlippedByteInPayload_ThrowsModelFormatExceptionNamingChecksum()
    {
        byte[] bytes = NetworkSerializer.ToBytes(Trained());
        bytes[bytes.Length / 2] ^= 0x10;

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
        Assert.Contains("checksum", e.Message);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(3)]
    [InlineData(15)]
    [InlineData(40)]
    [InlineData(-1)]
    public void Read_Truncated_ThrowsModelFormatException(int length)
    {
        byte[] bytes = NetworkSerializer.ToBytes(Trained());
        byte[] truncated = bytes[..(length >= 0 ? length : bytes.Length + length)];

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(truncated));
        Assert.Contains("truncated", e.Message);
    }

    [Fact]
    public void Read_NewerVersion_ThrowsModelFormatExceptionNamingVersions()
    {
        byte[] bytes = NetworkSerializer.ToBytes(Trained());
        BinaryPrimitives.WriteUInt16LittleEndian(bytes.AsSpan(4), NetworkSerializer.CurrentVersion + 1);

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
        Assert.Contains($"version {NetworkSerializer.CurrentVersion + 1}", e.Message);
        Assert.Contains("newer", e.Message);
    }

    [Fact]
    public void Read_WrongMagic_ThrowsModelFormatException()
    {
        byte[] bytes = NetworkSerializer.ToBytes(Trained());
        bytes[0] = (byte)'X';

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
        Assert.Contains("magic", e.Message);
    }

    [Fact]
    public void FromBytes_TrailingBytes_ThrowsModelFormatException()
    {
        byte[] bytes = [.. NetworkSerializer.ToBytes(Trained()), 0];

        Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
    }

    [Fact]
    public void Read_HugeDeclaredPayload_ThrowsWithoutAllocating()
    {
        byte[] bytes = NetworkSerializer.ToBytes(Trained());
        BinaryPrimitives.WriteInt64LittleEndian(bytes.AsSpan(8), long.MaxValue);

        Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
    }

    [Fact]
    public void Read_ArchitectureLargerThanValues_ThrowsModelFormatException()
    {
        // A consistent checksum over an architecture that claims far more weights than the file holds.
        byte[] bytes = NetworkSerializer.ToBytes(new NetworkBuilder(2).Dense(1).Build());
        Span<byte> payload = bytes.AsSpan(16, bytes.Length - 24);
        int unitsOffset = 4 + 4 + 8 + 4 + 1; // input, initializer, seed, layer count, tag
        BinaryPrimitives.WriteInt32LittleEndian(payload[unitsOffset..], 100_000_000);
        BinaryPrimitives.WriteUInt64LittleEndian(bytes.AsSpan(bytes.Length - 8), Fnv1a(payload));

        var e = Assert.Throws<ModelFormatException>(() => NetworkSerializer.FromBytes(bytes));
        Assert.Contains("architecture", e.Message);
    }

    private static ulong Fnv1a(ReadOnlySpan<byte> data)
    {
        ulong hash = 14695981039346656037UL;
        foreach (byte b in data) hash = (hash ^ b) * 1099511628211UL;
        return hash;
    }

    private static Network Trained()
    {
        var spec = new NetworkSpec(6,
        [
            new DenseLayerSpec(12, ActivationKind.LeakyRelu, ActivationAlpha: 0.2f, L2: 0.01f, MaxNorm: 3f),
            new BatchNormalizationLayerSpec(Momentum: 0.9f),
            new DropoutLayerSpec(0.25f),
            new ActivationLayerSpec(ActivationKind.Elu, 0.5f),
            new DenseLayerSpec(4, ActivationKind.Softmax, Initializer: InitializerKind.LecunNormal),
        ], InitializerKind.HeUniform, Seed: 99);
        var net = new Network(spec, maxBatchSize: 10);
        ILoss loss = LossFactory.Create(LossKind.CategoricalCrossEntropy);
        float[] x = TestData.Uniform(10 * 6, seed: 122, scale: 2f), t = TestData.OneHot(10, 4, 123);
        for (int step = 0; step < 3; step++)
        {
            net.ZeroGradients();
            net.Forward(x, 10, true);
            net.Backward(loss, t, 10);
            foreach (Parameter p in net.Parameters)
                for (int i = 0; i < p.Length; i++) p.Value[i] -= 0.1f * p.Gradient[i];
        }
        return net;
    }
}
