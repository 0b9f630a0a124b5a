using TrainingService.Core.Datasets;
using TrainingService.Core.Datasets.Histograms;

namespace TrainingService.Api.Datasets;

public static class DatasetsServiceCollectionExtensions
{
    public static IServiceCollection AddDatasets(this IServiceCollection services) =>
        services.AddDatasetStorage().AddScoped<DatasetService>().AddScoped<ColumnHistogramService>();
}
