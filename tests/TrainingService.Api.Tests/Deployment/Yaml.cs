using YamlDotNet.Core;
using YamlDotNet.Serialization;

namespace TrainingService.Api.Tests.Deployment;

/// <summary>
/// YAML documents as plain trees: mappings are <c>Dictionary&lt;object, object&gt;</c>, sequences
/// <c>List&lt;object&gt;</c>, scalars strings. Merge keys (<c>&lt;&lt;: *anchor</c>, used by docker-compose.yml) are resolved.
/// </summary>
public static class Yaml
{
    private static readonly IDeserializer Deserializer = new DeserializerBuilder().Build();

    public static IReadOnlyList<Dictionary<object, object>> LoadDocuments(string text)
    {
        var documents = new List<Dictionary<object, object>>();
        var parser = new MergingParser(new Parser(new StringReader(text)));
        parser.Consume<YamlDotNet.Core.Events.StreamStart>();
        while (!parser.Accept<YamlDotNet.Core.Events.StreamEnd>(out _))
        {
            if (Deserializer.Deserialize(parser) is Dictionary<object, object> document)
                documents.Add(document);
        }

        return documents;
    }

    public static IReadOnlyList<Dictionary<object, object>> LoadFile(string path) => LoadDocuments(File.ReadAllText(path));

    public static Dictionary<object, object>? Map(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) ? value as Dictionary<object, object> : null;

    public static IReadOnlyList<object> Seq(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) && value is List<object> list ? list : [];

    public static IEnumerable<Dictionary<object, object>> Maps(this Dictionary<object, object> node, string key) =>
        node.Seq(key).OfType<Dictionary<object, object>>();

    public static string? Str(this Dictionary<object, object> node, string key) =>
        node.TryGetValue(key, out var value) ? value?.ToString() : null;

    /// <summary>Follows a dotted path of mapping keys, e.g. <c>"spec.template.spec"</c>.</summary>
    public static Dictionary<object, object>? At(this Dictionary<object, object> node, string path)
    {
        Dictionary<object, object>? current = node;
        foreach (string key in path.Split('.'))
            current = current?.Map(key);
        return current;
    }
}
