using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using Microsoft.EntityFrameworkCore;
using Npgsql;
using TrainingService.Api.Tests.Infrastructure;
using TrainingService.Core.Data;
using TrainingService.Core.Hosting;
using TrainingService.Core.Identity;
using Xunit.Abstractions;

namespace TrainingService.Api.Tests.MultiProcess;

/// <summary>
/// The service as it is deployed: the real Api and Worker as separate processes on one fresh PostgreSQL database,
/// for tests of what only separate processes show (scale-out, SIGTERM, crashes). Processes started here are killed
/// on dispose, and the database dropped.
/// </summary>
/// <remarks>
/// Runs the build outputs <c>src/TrainingService.{Api,Worker}/bin/&lt;Configuration&gt;/&lt;tfm&gt;/</c> of the
/// configuration the tests were built in (the test project references the Worker project without its assembly, so it
/// is built with the tests). Settings go in as environment variables, as in a container.
/// </remarks>
public sealed class ServiceCluster : IAsyncDisposable
{
    /// <summary>Liveness bound for a start on a busy 2-core machine; not a performance expectation.</summary>
    public static readonly TimeSpan StartTimeout = TimeSpan.FromSeconds(90);

    private readonly List<ServiceProcess> _processes = [];
    private readonly Dictionary<string, string?> _settings;
    private int _workerCount;

    private ServiceCluster(string connectionString, IReadOnlyDictionary<string, string?> settings)
    {
        ConnectionString = connectionString;
        _settings = new Dictionary<string, string?>
        {
            [Deployment.KnownSettings.ConnectionString] = connectionString,
            // Jobs start within a second; a crashed worker's job is fetched again after the smallest allowed timeout.
            ["Hangfire__QueuePollIntervalSeconds"] = "1",
            ["Hangfire__InvisibilityTimeoutSeconds"] = "30",
            ["Workers__InProcess"] = "false",
            ["ASPNETCORE_ENVIRONMENT"] = "Testing",
            ["DOTNET_ENVIRONMENT"] = "Testing",
            ["Logging__Console__FormatterName"] = "simple",
            ["Auth__BootstrapAdminKey"] = ApiFactory.AdministratorKey,
        };
        foreach (var (key, value) in settings)
            _settings[key] = value;
    }

    public string ConnectionString { get; }

    public ServiceProcess? Api { get; private set; }

    /// <summary>The tenant the Api's client calls as, created by the administrator when the Api first starts.</summary>
    public Guid TenantId { get; private set; }

    private string? _tenantKey;

    public IReadOnlyList<ServiceProcess> Processes => _processes;

    /// <summary>A fresh database; <paramref name="settings"/> (environment variable names) apply to every process.</summary>
    public static async Task<ServiceCluster> CreateAsync(string name, IReadOnlyDictionary<string, string?>? settings = null)
    {
        string connectionString = await PostgresServer.CreateDatabaseAsync(name);
        return new ServiceCluster(connectionString, settings ?? new Dictionary<string, string?>());
    }

    /// <summary>Starts the Api (which applies the migrations) and waits until it is ready.</summary>
    public async Task<ServiceProcess> StartApiAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        Api = Start("api", "TrainingService.Api", settings);
        await Api.WaitUntilReadyAsync(StartTimeout);
        _tenantKey ??= await CreateTenantAsync(Api.Client);
        Api.Client.DefaultRequestHeaders.Authorization = new AuthenticationHeaderValue("Bearer", _tenantKey);
        return Api;
    }

    /// <summary>Starts one Worker and waits until it is ready (it waits for the Api's migrations first).</summary>
    public async Task<ServiceProcess> StartWorkerAsync(IReadOnlyDictionary<string, string?>? settings = null)
    {
        var worker = Start($"worker-{Interlocked.Increment(ref _workerCount)}", "TrainingService.Worker", settings);
        await worker.WaitUntilReadyAsync(StartTimeout);
        return worker;
    }

    /// <summary>Hangfire servers registered now; a server's id holds its process id (<c>host:pid:guid</c>).</summary>
    /// <remarks>
    /// Plain SQL rather than Hangfire's monitoring API: Hangfire's API logs through a process-wide log provider that
    /// the in-process test hosts (WebApplicationFactory) set and dispose, so it may throw ObjectDisposedException here.
    /// </remarks>
    public async Task<IReadOnlyList<string>> HangfireServerIdsAsync()
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"SELECT id FROM {HangfireStorageOptions.Schema}.server", connection);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>
    /// The Hangfire servers that started running a training job, oldest first: the <c>ServerId</c> of each
    /// 'Processing' state of its Hangfire job (a job fetched again after a crash or a shutdown has several).
    /// </summary>
    public async Task<IReadOnlyList<string>> ProcessingServerIdsAsync(Guid trainingJobId)
    {
        await using var connection = new NpgsqlConnection(ConnectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand($"""
            SELECT s.data::jsonb ->> 'ServerId'
            FROM {HangfireStorageOptions.Schema}.state s
            JOIN training_jobs j ON s.jobid = CAST(j.hangfire_job_id AS bigint)
            WHERE j.id = @id AND s.name = 'Processing'
            ORDER BY s.id
            """, connection);
        command.Parameters.AddWithValue("id", trainingJobId);
        var ids = new List<string>();
        await using var reader = await command.ExecuteReaderAsync();
        while (await reader.ReadAsync())
            ids.Add(reader.GetString(0));
        return ids;
    }

    /// <summary>The started process whose Hangfire server id this is (<c>host:pid:guid</c>), or null.</summary>
    public ServiceProcess? ProcessOfServer(string serverId) =>
        _processes.LastOrDefault(p => serverId.Contains($":{p.Id}:", StringComparison.Ordinal));

    public async Task<bool> IsRegisteredAsHangfireServerAsync(ServiceProcess process) =>
        (await HangfireServerIdsAsync()).Any(id => id.Contains($":{process.Id}:", StringComparison.Ordinal));

    /// <summary>A DbContext working as the cluster's tenant.</summary>
    public TrainingServiceDbContext CreateDbContext()
    {
        var tenant = new TenantScope();
        tenant.Enter(TenantId);
        var options = new DbContextOptionsBuilder<TrainingServiceDbContext>();
        TrainingServiceDbContext.Configure(options, ConnectionString);
        return TrainingServiceDbContext.Create(options.Options, tenant);
    }

    private async Task<string> CreateTenantAsync(HttpClient api)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/tenants") { Content = JsonContent.Create(new { name = "multi-process" }) };
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", ApiFactory.AdministratorKey);
        using var response = await api.SendAsync(request);
        response.EnsureSuccessStatusCode();
        var tenant = (await response.Content.ReadFromJsonAsync<JsonElement>());
        TenantId = tenant.GetProperty("id").GetGuid();
        return tenant.GetProperty("apiKey").GetString()!;
    }

    /// <summary>Every process's output, for the test log (xunit shows it when a test fails).</summary>
    public void WriteOutputs(ITestOutputHelper output)
    {
        foreach (var process in _processes)
        {
            string state = process.HasExited ? $"exited with {process.ExitCode}" : "running";
            output.WriteLine($"===== {process.Name} (pid {process.Id}, {process.BaseAddress}, {state}) =====");
            output.WriteLine(process.Output);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var process in _processes)
            await process.DisposeAsync();
        await PostgresServer.DropDatabaseAsync(ConnectionString);
    }

    private ServiceProcess Start(string name, string project, IReadOnlyDictionary<string, string?>? settings)
    {
        var environment = new Dictionary<string, string?>(_settings);
        foreach (var (key, value) in settings ?? new Dictionary<string, string?>())
            environment[key] = value;
        var process = ServiceProcess.Start(name, BuildOutput(project), environment);
        _processes.Add(process);
        return process;
    }

    private static string BuildOutput(string project)
    {
        // The tests run from tests/<project>/bin/<Configuration>/<tfm>/: the services were built alongside.
        var testOutput = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar));
        string framework = testOutput.Name;
        string configuration = testOutput.Parent!.Name;
        return Deployment.RepositoryFiles.PathOf("src", project, "bin", configuration, framework, project + ".dll");
    }
}
