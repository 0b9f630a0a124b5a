namespace TrainingService.Client;

/// <summary>
/// One route of the public API that the client calls: its HTTP method and template as the OpenAPI document names
/// them (<c>/api/models/{modelId}/predictions/{predictionId}</c>). <see cref="TrainingServiceClient.Routes"/> lists
/// every one, and the client builds each request from these same values, so the list cannot drift from the calls.
/// </summary>
public sealed record ApiRoute(string Method, string Template, string Name)
{
    /// <summary>The template with <paramref name="values"/> put into its <c>{…}</c> parameters in order, each escaped.</summary>
    internal string Expand(params object[] values)
    {
        var path = new System.Text.StringBuilder(Template.Length + 40);
        int next = 0, i = 0;
        while (i < Template.Length)
        {
            int open = Template.IndexOf('{', i);
            if (open < 0)
            {
                path.Append(Template, i, Template.Length - i);
                break;
            }

            int close = Template.IndexOf('}', open);
            if (next >= values.Length)
                throw new ArgumentException($"Route {Template} needs more than {values.Length} values.", nameof(values));
            path.Append(Template, i, open - i).Append(Uri.EscapeDataString(Convert.ToString(values[next++], System.Globalization.CultureInfo.InvariantCulture)!));
            i = close + 1;
        }

        if (next != values.Length)
            throw new ArgumentException($"Route {Template} takes {next} values, not {values.Length}.", nameof(values));
        // Relative to the base address, so a base address with a path prefix (a reverse proxy's /training/) keeps it.
        return path.ToString(1, path.Length - 1);
    }
}
