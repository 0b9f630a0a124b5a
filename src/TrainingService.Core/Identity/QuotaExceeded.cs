namespace TrainingService.Core.Identity;

/// <summary>A refused request's quota: its name as the configuration says it, its limit and the tenant's current use.</summary>
public sealed record QuotaExceeded(string Quota, long Limit, long Used, string Detail);
