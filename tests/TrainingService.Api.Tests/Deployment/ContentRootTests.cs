using TrainingService.Api.Tests.MultiProcess;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// Each role reads the <c>appsettings.json</c> published beside its assembly, as the image starts it: by path, from a
/// working directory that is not the assembly's folder (the entrypoint runs <c>/app/api/….dll</c> from <c>/app</c>).
/// </summary>
[Collection(MultiProcessCollection.Name)]
public sealed class ContentRootTests(ITestOutputHelper output)
{
    /// <summary>Liveness bound for a graceful stop on a busy machine; not a performance expectation.</summary>
    private static readonly TimeSpan StopTimeout = TimeSpan.FromSeconds(60);

    [Fact]
    public async Task Start_FromAnotherWorkingDirectory_EachRoleAppliesItsOwnSettings()
    {
        await using var cluster = await ServiceCluster.CreateAsync(nameof(ContentRootTests));
        try
        {
            // Ready means /health/ready answered: requests and EF commands that an ignored appsettings.json would log.
            var roles = new[] { await cluster.StartApiAsync(), await cluster.StartWorkerAsync() };
            foreach (var role in roles)
                Assert.True(await role.SendSigtermAsync(StopTimeout), $"{role.Name} still runs {StopTimeout} after SIGTERM");

            foreach (var role in roles)
                AssertSettingsApplied(role);
        }
        finally
        {
            cluster.WriteOutputs(output);
        }
    }

    private static void AssertSettingsApplied(ServiceProcess role)
    {
        string folder = Path.GetDirectoryName(role.AssemblyPath)!;
        Assert.True(File.Exists(Path.Combine(folder, "appsettings.json")), $"{role.Name}: no appsettings.json beside {role.AssemblyPath}");
        Assert.NotEqual(Path.TrimEndingDirectorySeparator(folder), Path.TrimEndingDirectorySeparator(role.WorkingDirectory));

        // Information entries of the host reach the output (the exit flushed them) ...
        Assert.Contains("Application is shutting down", role.Output);
        Assert.Contains($"Content root path: {folder}", role.Output);
        // ... but not those appsettings.json turns down to Warning.
        Assert.DoesNotContain("Microsoft.AspNetCore.Hosting.Diagnostics", role.Output);
        Assert.DoesNotContain("Executed DbCommand", role.Output);
    }
}
