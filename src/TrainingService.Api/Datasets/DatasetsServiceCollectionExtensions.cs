using TrainingService.Core.Datasets;

namespace TrainingService.Api.Datasets;

public static class DatasetsServiceCollectionExtensions
{
    public static IServiceCollection AddDatasets(this IServiceCollection services) =>
        services.AddDatasetStorage().AddScoped<DatasetService>();
}
