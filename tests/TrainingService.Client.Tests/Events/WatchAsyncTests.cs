using System.Text;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Client.Tests.Infrastructure;

namespace TrainingService.Client.Tests.Events;

/// <summary>
/// <see cref="TrainingJobsClient.WatchAsync"/> against the real <c>/api/training-jobs/{id}/events</c> stream.
/// </summary>
public sealed class WatchAsyncTests(ApiFactory factory) : IClassFixture<ApiFactory>
{
    private readonly TrainingServiceClient client = factory.CreateTrainingServiceClient();

    [Fact]
    public async Task WatchAsync_QueuedJob_YieldsStatusEveryEpochOnceAndCompletesAfterEnd()
    {
        var job = await QueueAsync(epochs: 6);

        var events = await client.TrainingJobs.WatchAsync(job.Id).ToListAsync();

        Assert.Contains(events, e => e is StatusEvent s && s.JobId == job.Id);
        Assert.Equal([1, 2, 3, 4, 5, 6], events.OfType<EpochEvent>().Select(e => e.Epoch.Epoch));
        Assert.All(events.OfType<EpochEvent>(), e => Assert.Equal(job.Id, e.JobId));
        var end = Assert.IsType<EndEvent>(events[^1]);
        Assert.Equal(TrainingJobStatus.Succeeded, end.Status);
        var ids = events.Where(e => e.Id is not null).Select(e => e.Id!.Value).ToList();
        Assert.Equal(ids.Order().Distinct(), ids);
    }

    [Fact]
    public async Task WatchAsync_ConnectionCutAfterAnEpoch_ResumesWithLastEventIdWithoutLossOrRepeat()
    {
        var cutter = new CutAfterFirstEpoch();
        using var cutClient = factory.CreateTrainingServiceClient(factory.TenantKey, cutter);
        var job = await QueueAsync(epochs: 6);

        var events = await cutClient.TrainingJobs.WatchAsync(job.Id).ToListAsync();

        Assert.True(cutter.LastEventIds.Count >= 2, "the stream was not reconnected");
        Assert.Null(cutter.LastEventIds[0]);
        // The cut falls right after the first epoch event: the resume point is its id.
        Assert.Equal(events.OfType<EpochEvent>().First().Id.ToString(), cutter.LastEventIds[1]);
        Assert.Equal([1, 2, 3, 4, 5, 6], events.OfType<EpochEvent>().Select(e => e.Epoch.Epoch));
        Assert.Equal(TrainingJobStatus.Succeeded, Assert.IsType<EndEvent>(events[^1]).Status);
    }

    [Fact]
    public async Task WatchAsync_FinishedJob_ReplaysItsStoredEventsAndCompletes()
    {
        var (_, _, job) = await ClientScenario.TrainAsync(client, epochs: 3);

        var events = await client.TrainingJobs.WatchAsync(job.Id).ToListAsync();

        Assert.Equal([1, 2, 3], events.OfType<EpochEvent>().Select(e => e.Epoch.Epoch));
        Assert.Equal(TrainingJobStatus.Succeeded, Assert.IsType<EndEvent>(events[^1]).Status);
        var epoch2 = events.OfType<EpochEvent>().Single(e => e.Epoch.Epoch == 2);

        var resumed = await client.TrainingJobs.WatchAsync(job.Id, lastEventId: epoch2.Id).ToListAsync();

        Assert.Equal([3], resumed.OfType<EpochEvent>().Select(e => e.Epoch.Epoch));
        Assert.IsType<EndEvent>(resumed[^1]);
    }

    [Fact]
    public async Task WatchAsync_UnknownJob_ThrowsNotFound()
    {
        var error = await Assert.ThrowsAsync<TrainingServiceException>(async () =>
            await client.TrainingJobs.WatchAsync(Guid.NewGuid()).ToListAsync());

        Assert.True(error.IsNotFound);
    }

    [Fact]
    public async Task WatchAllAsync_TenantStream_CarriesTheJobsEnd()
    {
        using var watching = new CancellationTokenSource(TimeSpan.FromMinutes(2));
        var ended = Task.Run(async () =>
        {
            await foreach (var e in client.TrainingJobs.WatchAllAsync(cancellationToken: watching.Token))
            {
                if (e is EndEvent end)
                    return end;
            }

            throw new InvalidOperationException("the tenant stream completed");
        });

        // Long enough (about a second) that the stream is open before the job ends.
        var job = await QueueAsync(epochs: 200, batchSize: 1);
        var end = await ended;

        Assert.Equal(job.Id, end.JobId);
        await watching.CancelAsync();
    }

    [Fact]
    public async Task CreateStreamTicketAsync_ReturnsATicketValidForAWhile()
    {
        var ticket = await client.TrainingJobs.CreateStreamTicketAsync();

        Assert.False(string.IsNullOrEmpty(ticket.Ticket));
        Assert.True(ticket.ExpiresAt > DateTimeOffset.UtcNow);
    }

    private async Task<TrainingJob> QueueAsync(int epochs, int batchSize = 8)
    {
        var dataset = await ClientScenario.UploadAsync(client, ClientScenario.IrisCsv);
        var model = await client.Models.CreateAsync(ClientScenario.Classifier());
        return await client.TrainingJobs.CreateAsync(new TrainingJobRequest(model.Id, dataset.Id) { Epochs = epochs, BatchSize = batchSize });
    }

    /// <summary>Breaks the first event stream right after its first epoch event, as a dropped connection does; records each request's Last-Event-ID.</summary>
    private sealed class CutAfterFirstEpoch : DelegatingHandler
    {
        public List<string?> LastEventIds { get; } = [];

        protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
        {
            bool isStream = request.RequestUri!.AbsolutePath.EndsWith("/events", StringComparison.Ordinal);
            if (isStream)
                LastEventIds.Add(request.Headers.TryGetValues("Last-Event-ID", out var values) ? values.Single() : null);
            var response = await base.SendAsync(request, cancellationToken);
            if (isStream && LastEventIds.Count == 1 && response.IsSuccessStatusCode)
            {
                var body = await response.Content.ReadAsStreamAsync(cancellationToken);
                var headers = response.Content.Headers.ToList();
                response.Content = new StreamContent(new CuttingStream(body));
                foreach (var header in headers)
                    response.Content.Headers.TryAddWithoutValidation(header.Key, header.Value);
            }

            return response;
        }
    }

    /// <summary>Passes bytes through until the end of the first epoch event, then fails every read.</summary>
    private sealed class CuttingStream(Stream inner) : Stream
    {
        private readonly StringBuilder seen = new();
        private bool cut;

        public override bool CanRead => true;

        public override bool CanSeek => false;

        public override bool CanWrite => false;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default)
        {
            if (cut)
                throw new IOException("connection cut by the test");
            // One byte at a time, so the cut falls exactly after the event's closing blank line.
            int read = await inner.ReadAsync(buffer[..1], cancellationToken);
            if (read == 0)
                return 0;
            seen.Append((char)buffer.Span[0]);
            string text = seen.ToString();
            int epoch = text.IndexOf("event: epoch", StringComparison.Ordinal);
            if (epoch >= 0 && text.IndexOf("\n\n", epoch, StringComparison.Ordinal) >= 0)
                cut = true;
            return read;
        }

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        public override int Read(byte[] buffer, int offset, int count) => ReadAsync(buffer, offset, count).GetAwaiter().GetResult();

        public override void Flush()
        {
        }

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();

        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        protected override void Dispose(bool disposing)
        {
            if (disposing)
                inner.Dispose();
            base.Dispose(disposing);
        }
    }
}
