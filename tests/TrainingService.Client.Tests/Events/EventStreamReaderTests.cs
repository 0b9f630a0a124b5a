using System.Net;
using System.Text;

namespace TrainingService.Client.Tests.Events;

/// <summary>
/// The client's side of the event stream on recorded bytes in the service's format (the fixed contract of
/// <c>/api/training-jobs/{id}/events</c>): parsing each kind of event, and resuming with the last id after a cut.
/// The service's own stream is exercised end to end in <see cref="WatchAsyncTests"/>.
/// </summary>
public sealed class EventStreamReaderTests
{
    private static readonly Guid JobId = Guid.Parse("0193a5b2-7c1d-7e4f-9a21-3b5c6d7e8f90");

    private static readonly string Status = $$"""
        event: status
        id: 1
        data: {"jobId":"{{JobId}}","status":"running","at":"2026-12-06T06:00:00+00:00","reason":"claimed","worker":"worker-1","attempt":1}


        """;

    private static readonly string Epoch1 = """
        event: epoch
        id: 2
        data: {"epoch":1,"trainLoss":0.9,"validationLoss":1.1,"trainMetrics":{"accuracy":0.5},"validationMetrics":null,"learningRate":0.01,"durationMs":12.5}


        """;

    private static readonly string Progress = $$"""
        event: progress
        data: {"jobId":"{{JobId}}","epoch":2,"batchesCompleted":3,"batchesPerEpoch":10,"samplesPerSecond":1500.5,"epochEtaSeconds":0.25,"jobEtaSeconds":null}


        """;

    private static readonly string Unknown = """
        event: heartbeat
        data: {"newer":"server"}


        """;

    private static readonly string Epoch2 = """
        event: epoch
        id: 3
        data: {"epoch":2,"trainLoss":0.7,"validationLoss":0.8,"trainMetrics":null,"validationMetrics":null,"learningRate":0.005,"durationMs":11}


        """;

    // As the service sends it: the end event has no id (it is not replayed by id).
    private static readonly string End = $$"""
        event: end
        data: {"jobId":"{{JobId}}","status":"succeeded","stopReason":"completed","error":null}


        """;

    [Fact]
    public async Task ReadAsync_EveryKind_ParsedWithIdsAndUnknownKindsSkipped()
    {
        var connections = new Connections(Status + Epoch1 + Progress + Unknown + Epoch2 + End);

        var events = await Reader(connections).ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.Equal([null], connections.LastEventIds);
        Assert.Collection(events,
            e => Assert.Equal(new StatusEvent(JobId, TrainingJobStatus.Running, new DateTimeOffset(2026, 12, 6, 6, 0, 0, TimeSpan.Zero), "claimed", "worker-1", 1) { Id = 1 }, e),
            e =>
            {
                var epoch = Assert.IsType<EpochEvent>(e);
                Assert.Equal((2L, JobId, 1, 0.9, 1.1, 0.5), (epoch.Id!.Value, epoch.JobId, epoch.Epoch.Epoch, epoch.Epoch.TrainLoss, epoch.Epoch.ValidationLoss!.Value, epoch.Epoch.TrainMetrics!["accuracy"]));
            },
            e => Assert.Equal(new ProgressEvent(JobId, 2, 3, 10, 1500.5, 0.25, null), e),
            e => Assert.Equal(3L, Assert.IsType<EpochEvent>(e).Id),
            e => Assert.Equal(new EndEvent(JobId, TrainingJobStatus.Succeeded, "completed", null), e));
    }

    [Fact]
    public async Task ReadAsync_StreamClosedBeforeItsEnd_ReconnectsAfterTheLastIdAndCompletesAtTheEnd()
    {
        // The progress event carries no id: the resume point stays the epoch before it.
        var connections = new Connections(Status + Epoch1 + Progress, Epoch2 + End, Status);

        var events = await Reader(connections).ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.Equal([null, 2L], connections.LastEventIds);
        Assert.Equal([1L, 2L, null, 3L, null], events.Select(e => e.Id));
        Assert.IsType<EndEvent>(events[^1]);
    }

    [Fact]
    public async Task ReadAsync_ReadFailsMidStream_ReconnectsAfterTheLastId()
    {
        var connections = new Connections(Status + Epoch1 + Epoch2, End) { FailAfterFirst = true };

        var events = await Reader(connections).ReadAsync(lastEventId: null, CancellationToken.None).ToListAsync();

        Assert.Equal([null, 3L], connections.LastEventIds);
        Assert.Equal([1L, 2L, 3L, null], events.Select(e => e.Id));
    }

    [Fact]
    public async Task ReadAsync_GivenLastEventId_SendsItOnTheFirstConnection()
    {
        var connections = new Connections(Epoch2 + End);

        var events = await Reader(connections).ReadAsync(lastEventId: 2, CancellationToken.None).ToListAsync();

        Assert.Equal([2L], connections.LastEventIds);
        Assert.Equal(2, events.Count);
    }

    [Fact]
    public async Task ReadAsync_StreamsClosedCleanlyMoreTimesThanTheErrorLimit_KeepsReconnecting()
    {
        // A restarting service closes its streams cleanly: that is never given up on.
        var empty = Enumerable.Repeat("", EventStreamReader.MaxConsecutiveFailures + 2);
        var connections = new Connections([.. empty, Status + End]);

        var events = await Reader(connections).ReadAsync(null, CancellationToken.None).ToListAsync();

        Assert.Equal(EventStreamReader.MaxConsecutiveFailures + 3, connections.LastEventIds.Count);
        Assert.IsType<EndEvent>(events[^1]);
    }

    [Fact]
    public async Task ReadAsync_ReconnectRefusedWith404_ThrowsAtOnce()
    {
        var connections = new Connections(Status) { Refusal = HttpStatusCode.NotFound };

        var error = await Assert.ThrowsAsync<TrainingServiceException>(async () =>
            await Reader(connections).ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.True(error.IsNotFound);
        Assert.Equal(2, connections.LastEventIds.Count);
    }

    [Fact]
    public async Task ReadAsync_ServerKeepsFailing_GivesUpAfterTheLimit()
    {
        var connections = new Connections() { Refusal = HttpStatusCode.ServiceUnavailable };

        var error = await Assert.ThrowsAsync<TrainingServiceException>(async () =>
            await Reader(connections).ReadAsync(null, CancellationToken.None).ToListAsync());

        Assert.Equal(HttpStatusCode.ServiceUnavailable, error.StatusCode);
        Assert.Equal(EventStreamReader.MaxConsecutiveFailures, connections.LastEventIds.Count);
    }

    private static EventStreamReader<TrainingJobEvent> Reader(Connections connections) =>
        new(connections.ConnectAsync, new TrainingJobEventParser(JobId), untilEnd: true, TimeSpan.FromMilliseconds(1));

    /// <summary>Answers each connection with the next recorded stream; past the last, with <see cref="Refusal"/> (or an empty stream).</summary>
    private sealed class Connections(params string[] streams)
    {
        public List<long?> LastEventIds { get; } = [];

        public HttpStatusCode? Refusal { get; init; }

        /// <summary>The first stream breaks (an IOException) after its bytes instead of ending cleanly.</summary>
        public bool FailAfterFirst { get; init; }

        public Task<HttpResponseMessage> ConnectAsync(long? lastEventId, CancellationToken cancellationToken)
        {
            int index = LastEventIds.Count;
            LastEventIds.Add(lastEventId);
            if (index >= streams.Length && Refusal is { } status)
                throw new TrainingServiceException(status, status.ToString(), null);
            byte[] bytes = Encoding.UTF8.GetBytes(index < streams.Length ? streams[index].Replace("\r\n", "\n") : "");
            Stream body = FailAfterFirst && index == 0 ? new BreakingStream(bytes) : new MemoryStream(bytes);
            return Task.FromResult(new HttpResponseMessage(HttpStatusCode.OK) { Content = new StreamContent(body) });
        }
    }

    /// <summary>Reads its bytes, then fails as a reset connection does.</summary>
    private sealed class BreakingStream(byte[] bytes) : MemoryStream(bytes)
    {
        public override ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Position < Length ? base.ReadAsync(buffer, cancellationToken) : throw new IOException("connection reset");

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            Position < Length ? base.ReadAsync(buffer, offset, count, cancellationToken) : throw new IOException("connection reset");
    }
}
