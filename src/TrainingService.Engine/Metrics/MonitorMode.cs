namespace TrainingService.Engine.Metrics;

/// <summary>Whether a monitored quantity improves by going down (losses, errors) or up (accuracy, F1, R²).</summary>
public enum MonitorMode
{
    Min,
    Max,
}
