namespace TrainingService.Core.Datasets;

public enum ColumnType
{
    Numeric,
    Categorical,
}
