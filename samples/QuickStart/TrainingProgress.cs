using System.Net;
using TrainingService.Client;

namespace QuickStart;

/// <summary>Draws a job's training live in the terminal from <see cref="TrainingJobsClient.WatchAsync"/>.</summary>
internal static class TrainingProgress
{
    private const int BarWidth = 30;

    // Whether the cursor is at the end of a bar line that the next line must first close.
    private static bool lineOpen;

    /// <summary>Follows the job until it ends and returns it as it finished.</summary>
    public static async Task<TrainingJob> FollowAsync(TrainingServiceClient client, TrainingJob job, CancellationToken cancellationToken)
    {
        try
        {
            await foreach (var e in client.TrainingJobs.WatchAsync(job.Id, cancellationToken: cancellationToken))
                Draw(e, job.Epochs);
        }
        catch (TrainingServiceException e) when (e.StatusCode == HttpStatusCode.NotFound)
        {
            // A service from before the event stream: poll instead.
            Console.WriteLine("(no live events on this service: polling)");
            while (!(job = await client.TrainingJobs.GetAsync(job.Id, cancellationToken)).IsFinished)
            {
                Bar($"epoch {job.EpochsCompleted}/{job.Epochs}", job.Progress, $"train loss {job.TrainLoss:F4}");
                await Task.Delay(500, cancellationToken);
            }

            Bar($"epoch {job.EpochsCompleted}/{job.Epochs}", job.Progress, $"train loss {job.TrainLoss:F4}  validation loss {job.ValidationLoss:F4}  {job.Status}");
        }

        EndLine();
        return await client.TrainingJobs.GetAsync(job.Id, cancellationToken);
    }

    private static void Draw(TrainingJobEvent e, int epochs)
    {
        switch (e)
        {
            case StatusEvent status:
                EndLine();
                bool saysMore = status.Reason is { } reason && !reason.Equals(status.Status.ToString(), StringComparison.OrdinalIgnoreCase);
                Console.WriteLine($"[{status.At:HH:mm:ss}] {status.Status}{(saysMore ? $": {status.Reason}" : "")}");
                break;
            case ProgressEvent progress:
                double within = progress.BatchesPerEpoch == 0 ? 0 : (double)progress.BatchesCompleted / progress.BatchesPerEpoch;
                Bar($"epoch {progress.Epoch}/{epochs}", (progress.Epoch - 1 + within) / epochs,
                    progress.JobEtaSeconds is { } eta ? $"ETA {TimeSpan.FromSeconds(eta):mm\\:ss}" : "");
                break;
            case EpochEvent epoch:
                Bar($"epoch {epoch.Epoch.Epoch}/{epochs}", (double)epoch.Epoch.Epoch / epochs,
                    $"train loss {epoch.Epoch.TrainLoss:F4}  validation loss {epoch.Epoch.ValidationLoss:F4}");
                break;
            case EndEvent end:
                EndLine();
                Console.WriteLine($"Ended {end.Status}{(end.StopReason is null ? "" : $" ({end.StopReason})")}");
                break;
        }
    }

    private static void Bar(string label, double fraction, string detail)
    {
        int filled = (int)Math.Round(Math.Clamp(fraction, 0, 1) * BarWidth);
        string line = $"{label,-14} [{new string('#', filled)}{new string('.', BarWidth - filled)}] {fraction,4:P0}  {detail}";
        if (Console.IsOutputRedirected)
        {
            Console.WriteLine(line);
            return;
        }

        Console.Write($"\r{line.PadRight(Math.Max(line.Length, Console.WindowWidth - 1))}");
        lineOpen = true;
    }

    private static void EndLine()
    {
        if (lineOpen)
            Console.WriteLine();
        lineOpen = false;
    }
}
