namespace TrainingService.Core.Hosting;

/// <summary>Hangfire queue names; training has its own so CPU-bound work can be given its own workers.</summary>
public static class Queues
{
    public const string Training = "training";

    public const string Default = "default";

    public static readonly string[] All = [Training, Default];
}
