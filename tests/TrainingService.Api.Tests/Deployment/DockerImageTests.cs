namespace TrainingService.Api.Tests.Deployment;

/// <summary>The Dockerfile and its scripts against the projects and the orchestration files (there is no Docker engine to build with here).</summary>
public sealed class DockerImageTests
{
    private static readonly string Dockerfile = RepositoryFiles.ReadAllText("docker", "Dockerfile");
    private static readonly string Entrypoint = RepositoryFiles.ReadAllText("docker", "entrypoint.sh");

    [Fact]
    public void Dockerfile_Always_PublishesEveryHostProjectItCopies()
    {
        foreach (string project in new[] { "Engine", "Core", "Api", "Worker" })
        {
            string path = $"src/TrainingService.{project}/TrainingService.{project}.csproj";
            Assert.True(File.Exists(RepositoryFiles.PathOf(path.Split('/'))), $"{path} is copied by the Dockerfile but does not exist");
            Assert.Contains($"COPY {path} ", Dockerfile);
        }

        Assert.Contains("dotnet publish src/TrainingService.Api/TrainingService.Api.csproj -c \"$CONFIGURATION\"", Dockerfile);
        Assert.Contains("dotnet publish src/TrainingService.Worker/TrainingService.Worker.csproj -c \"$CONFIGURATION\"", Dockerfile);
        Assert.Contains("ARG CONFIGURATION=Release", Dockerfile);
    }

    [Fact]
    public void Dockerfile_BeforeRestore_CopiesEveryFileAHostProjectImports()
    {
        string restore = Dockerfile[..Dockerfile.IndexOf("dotnet restore", StringComparison.Ordinal)];
        foreach (string project in new[] { "Api", "Worker" })
        {
            string csproj = RepositoryFiles.ReadAllText("src", $"TrainingService.{project}", $"TrainingService.{project}.csproj");
            var imports = System.Text.RegularExpressions.Regex.Matches(csproj, @"<Import Project=""\.\.\\([^""]+)""").Select(m => m.Groups[1].Value).ToList();
            Assert.Contains("JitSettings.props", imports);
            Assert.All(imports, file => Assert.Contains($"COPY src/{file} src/", restore));
            Assert.All(imports, file => Assert.True(File.Exists(RepositoryFiles.PathOf("src", file)), $"src/{file} is imported but does not exist"));
        }
    }

    /// <summary>A <c># syntax=</c> directive makes every build fetch a frontend image; the built-in one has all we use.</summary>
    [Fact]
    public void Dockerfile_Always_UsesTheBuildersOwnFrontend()
    {
        Assert.DoesNotMatch(@"(?im)^#\s*syntax\s*=", Dockerfile);
    }

    [Fact]
    public void Dockerfile_Runtime_NonRootOn8080WithReadinessHealthCheck()
    {
        string runtime = Dockerfile[Dockerfile.IndexOf("FROM mcr.microsoft.com/dotnet/aspnet:", StringComparison.Ordinal)..];

        Assert.Contains("USER $APP_UID", runtime);
        Assert.Contains("EXPOSE 8080", runtime);
        Assert.Contains("ASPNETCORE_HTTP_PORTS=8080", runtime);
        Assert.Matches(@"HEALTHCHECK [^\n]*\\\n\s+CMD \[""/app/healthcheck.sh"", ""/health/ready""\]", runtime);
    }

    /// <summary>The console's chart library comes from npm by the lock file in a stage of its own, before the Api is published.</summary>
    [Fact]
    public void Dockerfile_ConsolePackages_InstalledFromTheLockFileBeforeTheApiIsPublished()
    {
        int node = Dockerfile.IndexOf("FROM node:", StringComparison.Ordinal);
        int build = Dockerfile.IndexOf("FROM mcr.microsoft.com/dotnet/sdk:", StringComparison.Ordinal);
        Assert.True(node >= 0 && node < build, "no node stage before the build stage");
        string stage = Dockerfile[node..build];
        Assert.Contains("COPY src/TrainingService.Api/package.json src/TrainingService.Api/package-lock.json ./", stage);
        Assert.Contains("npm ci", stage);

        string publish = Dockerfile[build..Dockerfile.IndexOf("dotnet publish src/TrainingService.Api/", StringComparison.Ordinal)];
        Assert.Contains("COPY --from=console-packages /src/src/TrainingService.Api/node_modules src/TrainingService.Api/node_modules", publish);
        Assert.Contains("-p:ConsoleNpmCi=false", Dockerfile);
        Assert.Contains("\"uplot\"", RepositoryFiles.ReadAllText("src", "TrainingService.Api", "package-lock.json"));
        Assert.Contains("**/node_modules/", RepositoryFiles.ReadAllText(".dockerignore"));
    }

    [Fact]
    public void Entrypoint_EachRole_StartsItsHostAssembly()
    {
        Assert.Contains($"api) exec dotnet /app/api/{typeof(Program).Assembly.GetName().Name}.dll", Entrypoint);
        Assert.Contains("worker) exec dotnet /app/worker/TrainingService.Worker.dll", Entrypoint);
        Assert.True(File.Exists(RepositoryFiles.PathOf("src", "TrainingService.Worker", "TrainingService.Worker.csproj")));
    }
}
