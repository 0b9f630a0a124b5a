namespace TrainingService.Api.Tests.Deployment;

/// <summary>Files of the repository the tests were built from (found by walking up to the solution file).</summary>
public static class RepositoryFiles
{
    private static readonly Lazy<string> RootDirectory = new(FindRoot);

    public static string Root => RootDirectory.Value;

    public static string PathOf(params string[] parts) => Path.Combine([Root, .. parts]);

    public static string ReadAllText(params string[] parts) => File.ReadAllText(PathOf(parts));

    private static string FindRoot()
    {
        for (var directory = new DirectoryInfo(AppContext.BaseDirectory); directory is not null; directory = directory.Parent)
        {
            if (File.Exists(Path.Combine(directory.FullName, "TrainingService.sln")))
                return directory.FullName;
        }

        throw new InvalidOperationException($"No TrainingService.sln above {AppContext.BaseDirectory}");
    }
}
