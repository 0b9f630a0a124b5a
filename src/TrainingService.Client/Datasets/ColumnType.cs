namespace TrainingService.Client;

/// <summary>A dataset column's inferred type.</summary>
public enum ColumnType
{
    Numeric,
    Categorical,
}
