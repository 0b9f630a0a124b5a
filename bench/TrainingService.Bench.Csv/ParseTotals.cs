namespace TrainingService.Bench.Csv;

/// <summary>What a parse produced: equal for every parser on the same file, or one of them read it wrong.</summary>
internal sealed class ParseTotals
{
    public long Records { get; private set; }

    public long Numbers { get; private set; }

    /// <summary>Fields that are not numbers (the importer would make their column categorical).</summary>
    public long Others { get; private set; }

    /// <summary>Sum of the values as float32, the way the importer stores them.</summary>
    public double Sum { get; private set; }

    public void AddRecord() => Records++;

    public void Add(bool parsed, double value)
    {
        if (!parsed)
        {
            Others++;
            return;
        }

        Numbers++;
        Sum += (float)value;
    }

    public override string ToString() => $"{Records} records, {Numbers} numbers, {Others} others, sum {Sum:R}";
}
