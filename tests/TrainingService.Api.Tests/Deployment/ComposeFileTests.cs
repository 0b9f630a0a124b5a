using System.Text.RegularExpressions;
using TrainingService.Core.Hosting;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>docker-compose.yml against the code: names it sets, ports, probes and how workers scale.</summary>
public sealed partial class ComposeFileTests
{
    private static readonly Dictionary<object, object> Compose = Yaml.LoadFile(RepositoryFiles.PathOf("docker-compose.yml")).Single();

    private static Dictionary<object, object> Service(string name) =>
        Compose.Map("services")?.Map(name) ?? throw new Xunit.Sdk.XunitException($"docker-compose.yml has no service '{name}'");

    private static Dictionary<string, string> Environment(string service) =>
        (Service(service).Map("environment") ?? []).ToDictionary(e => e.Key.ToString()!, e => e.Value?.ToString() ?? "");

    [Theory]
    [InlineData("api")]
    [InlineData("worker")]
    public void Environment_AppService_SetsOnlyNamesTheCodeReads(string service)
    {
        var unknown = Environment(service).Keys.Where(name => !KnownSettings.IsKnown(name)).ToList();

        Assert.True(unknown.Count == 0, $"{service} sets variables no code reads: {string.Join(", ", unknown)}");
        Assert.Contains(KnownSettings.ConnectionString, Environment(service).Keys);
    }

    [Fact]
    public void Services_ApiAndWorker_RunTheSameImageInTheirRoles()
    {
        Assert.Equal(Service("api").Str("image"), Service("worker").Str("image"));
        Assert.StartsWith("trainingservice:", Service("api").Str("image"));
        Assert.Equal("api", Assert.Single(Service("api").Seq("command")));
        Assert.Equal("worker", Assert.Single(Service("worker").Seq("command")));
        Assert.Equal("docker/Dockerfile", Service("api").Map("build")?.Str("dockerfile"));
    }

    /// <summary>
    /// Two services building the same image build it twice on every <c>up --build</c>. docker-compose 1.29 readies
    /// images one service at a time in dependency order and pulls an image-only service's missing image, so the one
    /// that builds must be the one the other depends on; Compose v2 must not try to pull the other's.
    /// </summary>
    [Fact]
    public void Image_BuiltOnce_ByTheServiceTheWorkersDependOn()
    {
        var builders = Compose.Map("services")!.Where(s => (s.Value as Dictionary<object, object>)?.ContainsKey("build") == true).Select(s => s.Key.ToString()).ToList();

        Assert.Equal(["api"], builders);
        Assert.NotNull(Service("worker").At("depends_on.api"));
        Assert.Equal("never", Service("worker").Str("pull_policy"));
    }

    [Fact]
    public void Api_Always_PublishesPort8080OnLoopbackWithAdministratorKeyAndWaitsForHealthyDatabase()
    {
        var api = Service("api");

        Assert.All(api.Seq("ports").Select(p => p.ToString()!), port => Assert.StartsWith("127.0.0.1:", port, StringComparison.Ordinal));
        Assert.Contains(api.Seq("ports").Select(p => p.ToString()!), port => port.EndsWith(":8080", StringComparison.Ordinal));
        Assert.Equal("service_healthy", api.At("depends_on.postgres")?.Str("condition"));
        Assert.True(Environment("api")["Auth__BootstrapAdminKey"]?.Length >= 24, "the Api needs an administrator key to create the first tenant");
        Assert.Equal("true", Environment("api")["ApiDocumentation__SwaggerUi"]);
        Assert.Equal("false", Environment("api")["Workers__InProcess"]);
    }

    [Fact]
    public void Worker_Always_ScalesWithoutNameOrHostPort()
    {
        var worker = Service("worker");

        Assert.False(worker.ContainsKey("container_name"), "a container_name prevents --scale worker=N");
        Assert.False(worker.ContainsKey("ports"), "a host port on workers prevents --scale worker=N");
        Assert.True(int.Parse(worker.At("deploy")!.Str("replicas")!) >= 2);
        Assert.Equal("1", Environment("worker")["Workers__WorkerCount"]);
    }

    [Fact]
    public void Worker_StopGracePeriod_LongerThanHostShutdown()
    {
        int shutdown = int.Parse(Environment("worker").GetValueOrDefault("Workers__ShutdownTimeoutSeconds", new WorkerOptions().ShutdownTimeoutSeconds.ToString()));
        var grace = ParseDuration(Service("worker").Str("stop_grace_period") ?? "10s");

        Assert.True(grace > TimeSpan.FromSeconds(shutdown + WorkerOptions.HostShutdownMarginSeconds),
            $"stop_grace_period {grace} must exceed the worker's shutdown {shutdown} s + {WorkerOptions.HostShutdownMarginSeconds} s");
    }

    [Fact]
    public void Postgres_Always_Version16WithHealthCheckAndNamedVolume()
    {
        var postgres = Service("postgres");

        Assert.StartsWith("postgres:16", postgres.Str("image"));
        Assert.NotEmpty(postgres.Map("healthcheck")!.Seq("test"));
        string volume = Assert.Single(postgres.Seq("volumes")).ToString()!;
        Assert.True(Compose.Map("volumes")!.ContainsKey(volume.Split(':')[0]), $"volume '{volume}' is not a named volume");
    }

    /// <summary>
    /// On first start the image runs a temporary server for initdb and its scripts that listens on the socket only:
    /// a check over the socket passes then, before the real server is up; over TCP it waits for the real one.
    /// </summary>
    [Fact]
    public void Postgres_HealthCheck_AsksOverTcp()
    {
        string check = string.Join(" ", Service("postgres").Map("healthcheck")!.Seq("test"));

        Assert.Contains("pg_isready -h 127.0.0.1 ", check);
    }

    [Fact]
    public void ConnectionString_AppServices_PointAtTheComposeDatabase()
    {
        var postgres = Service("postgres").Map("environment")!;
        foreach (string service in new[] { "api", "worker" })
        {
            var connection = new Npgsql.NpgsqlConnectionStringBuilder(Environment(service)[KnownSettings.ConnectionString]);
            Assert.Equal("postgres", connection.Host);
            Assert.Equal(postgres.Str("POSTGRES_DB"), connection.Database);
            Assert.Equal(postgres.Str("POSTGRES_USER"), connection.Username);
        }
    }

    private static TimeSpan ParseDuration(string text)
    {
        var total = TimeSpan.Zero;
        foreach (Match part in DurationPart().Matches(text))
        {
            double value = double.Parse(part.Groups[1].Value, System.Globalization.CultureInfo.InvariantCulture);
            total += part.Groups[2].Value switch
            {
                "h" => TimeSpan.FromHours(value),
                "m" => TimeSpan.FromMinutes(value),
                "ms" => TimeSpan.FromMilliseconds(value),
                _ => TimeSpan.FromSeconds(value),
            };
        }

        return total;
    }

    [GeneratedRegex(@"(\d+(?:\.\d+)?)(h|ms|m|s)")]
    private static partial Regex DurationPart();
}
