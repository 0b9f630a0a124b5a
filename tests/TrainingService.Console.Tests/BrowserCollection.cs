namespace TrainingService.Console.Tests;

/// <summary>The browser tests run one after the other: each starts an Api with workers and a chromium of its own.</summary>
[CollectionDefinition(Name)]
public sealed class BrowserCollection
{
    public const string Name = "Browser";
}
