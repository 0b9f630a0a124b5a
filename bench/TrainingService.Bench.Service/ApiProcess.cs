using System.Globalization;
using TrainingService.Bench.Hosting;

namespace TrainingService.Bench.Service;

/// <summary>
/// The real Api as a separate process running training jobs in-process, logging one JSON object per line with UTC
/// timestamps and every SQL command (what <see cref="ApiLog"/> reads back from <see cref="ServiceProcess.Lines"/>).
/// </summary>
internal static class ApiProcess
{
    /// <summary>A throwaway administrator key for this run's private Api and database.</summary>
    public static readonly string AdministratorKey = ServiceProcess.NewAdministratorKey();

    /// <param name="settings">Further configuration as environment variables (<c>Section__Key</c>), over the bench's own.</param>
    public static ServiceProcess Start(string apiPath, string connectionString, int engineThreads, string logPath, IReadOnlyDictionary<string, string>? settings = null)
    {
        var environment = ServiceProcess.Settings(connectionString, AdministratorKey);
        environment["Workers__InProcess"] = "true";
        environment["Workers__WorkerCount"] = "1";
        environment["Workers__EngineThreadsPerJob"] = engineThreads.ToString(CultureInfo.InvariantCulture);
        // JSON lines with UTC timestamps, and every SQL command with its duration: ApiLog turns them into the job's timeline.
        environment["Logging__Console__FormatterName"] = "json";
        environment["Logging__Console__FormatterOptions__TimestampFormat"] = "yyyy-MM-ddTHH:mm:ss.fffffffZ";
        environment["Logging__Console__FormatterOptions__UseUtcTimestamp"] = "true";
        environment["Logging__LogLevel__Microsoft.EntityFrameworkCore.Database.Command"] = "Information";
        foreach (var (name, value) in settings ?? new Dictionary<string, string>())
            environment[name] = value;
        return ServiceProcess.Start(apiPath, environment, logPath);
    }
}
