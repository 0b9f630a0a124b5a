namespace TrainingService.Api.Infrastructure;

/// <summary>
/// Endpoint metadata: which <see cref="JsonBodyOptions"/> setting bounds the route's JSON body, and its environment
/// variable, which the 413 names so the client (or the operator) knows what to change.
/// </summary>
public sealed record JsonBodyLimit(string Setting, Func<JsonBodyOptions, long> Bytes)
{
    /// <summary>Also the limit of a JSON route that declares none, so a route added later is never unbounded.</summary>
    public static readonly JsonBodyLimit Default = new($"{JsonBodyOptions.SectionName}__{nameof(JsonBodyOptions.MaxJsonBodyBytes)}", o => o.MaxJsonBodyBytes);

    public static readonly JsonBodyLimit Predictions = new($"{JsonBodyOptions.SectionName}__{nameof(JsonBodyOptions.MaxPredictionBodyBytes)}", o => o.MaxPredictionBodyBytes);
}
