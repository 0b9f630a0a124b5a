using System.Globalization;
using System.Text;

namespace TrainingService.Engine;

/// <summary>The layers of a network with their output shapes and parameter counts; <see cref="ToString"/> renders a table.</summary>
public sealed record NetworkSummary(int InputSize, IReadOnlyList<LayerSummary> Layers)
{
    public long TotalParameters => Layers.Sum(l => l.ParameterCount);

    public int OutputSize => Layers.Count == 0 ? InputSize : Layers[^1].OutputSize;

    public override string ToString()
    {
        var rows = new List<string[]> { new[] { "#", "Layer", "Type", "Output shape", "Parameters" } };
        rows.Add(["", "input", "Input", Shape(InputSize), "0"]);
        foreach (LayerSummary l in Layers)
            rows.Add([l.Index.ToString(CultureInfo.InvariantCulture), l.Name, l.Type, Shape(l.OutputSize), l.ParameterCount.ToString("N0", CultureInfo.InvariantCulture)]);
        int[] widths = Enumerable.Range(0, 5).Select(c => rows.Max(r => r[c].Length)).ToArray();
        var text = new StringBuilder();
        for (int i = 0; i < rows.Count; i++)
        {
            text.AppendJoin("  ", rows[i].Select((cell, c) => c == 4 ? cell.PadLeft(widths[c]) : cell.PadRight(widths[c]))).AppendLine();
            if (i == 0) text.AppendLine(new string('-', widths.Sum() + 2 * (widths.Length - 1)));
        }
        text.Append(CultureInfo.InvariantCulture, $"Total parameters: {TotalParameters:N0}");
        return text.ToString();
    }

    private static string Shape(int features) => $"[batch, {features.ToString(CultureInfo.InvariantCulture)}]";
}
