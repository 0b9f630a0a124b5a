namespace TrainingService.Bench.Hosting;

/// <summary>Where the running bench was built from: the repository, the configuration, the service's build outputs.</summary>
public static class BenchBuild
{
    /// <summary><c>Release</c> or <c>Debug</c>: the bench's own, which the service outputs it starts must match.</summary>
    public static string Configuration { get; } =
        AppContext.BaseDirectory.Contains($"{Path.DirectorySeparatorChar}Release{Path.DirectorySeparatorChar}", StringComparison.Ordinal) ? "Release" : "Debug";

    public static string Root { get; } = FindRoot();

    /// <summary>The build output of <c>src/PROJECT</c> in the bench's configuration, e.g. <c>TrainingService.Api</c>.</summary>
    public static string Output(string project) => Path.Combine(Root, "src", project, "bin", Configuration, "net10.0", project + ".dll");

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "TrainingService.sln")))
            directory = directory.Parent;
        return directory?.FullName ?? throw new InvalidOperationException("Run the bench from its build output inside the repository.");
    }
}
