namespace TrainingService.Api.Infrastructure;

/// <summary>"HangfireDashboard" section. Until the service has authentication the dashboard answers local requests only.</summary>
public sealed class HangfireDashboardOptions
{
    public const string SectionName = "HangfireDashboard";

    /// <summary>Lets non-local clients in, e.g. the host in front of a container; only where the network is trusted.</summary>
    public bool AllowRemoteRequests { get; set; }
}
