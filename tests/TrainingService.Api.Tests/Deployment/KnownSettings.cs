using System.Reflection;
using TrainingService.Api.Infrastructure;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// The environment variable names the code reads, derived from the options classes (every type with a
/// <c>SectionName</c> constant, its settable properties as <c>Section__Property</c>) and the connection string,
/// plus the prefixes that .NET and OpenTelemetry read themselves.
/// </summary>
public static class KnownSettings
{
    public static readonly string ConnectionString = $"ConnectionStrings__{ServiceCollectionExtensions.ConnectionStringName}";

    /// <summary>Read by the framework, not by our options: console logging, OpenTelemetry's SDK, the .NET host.</summary>
    public static readonly string[] FrameworkPrefixes = ["Logging__", "OTEL_", "ASPNETCORE_", "DOTNET_"];

    public static readonly IReadOnlySet<string> Names = Discover();

    public static bool IsKnown(string name) =>
        Names.Contains(name) || FrameworkPrefixes.Any(prefix => name.StartsWith(prefix, StringComparison.Ordinal));

    private static HashSet<string> Discover()
    {
        var names = new HashSet<string>(StringComparer.Ordinal) { ConnectionString };
        Assembly[] assemblies = [typeof(WorkerOptions).Assembly, typeof(ApiDocumentationOptions).Assembly];
        foreach (var type in assemblies.SelectMany(a => a.GetExportedTypes()))
        {
            if (type.GetField("SectionName", BindingFlags.Public | BindingFlags.Static) is not { IsLiteral: true } field)
                continue;
            string section = (string)field.GetRawConstantValue()!;
            foreach (var property in type.GetProperties(BindingFlags.Public | BindingFlags.Instance).Where(p => p.SetMethod?.IsPublic == true))
                names.Add($"{section}__{property.Name}");
        }

        return names;
    }
}
