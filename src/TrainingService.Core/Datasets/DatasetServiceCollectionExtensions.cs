using Microsoft.Extensions.DependencyInjection;
using TrainingService.Core.Datasets.Import;

namespace TrainingService.Core.Datasets;

public static class DatasetServiceCollectionExtensions
{
    /// <summary>
    /// <see cref="DatasetStore"/> (reading datasets, e.g. for training), <see cref="DatasetImporter"/> and the
    /// "Datasets" options. Needs the DbContext of <c>AddTrainingServiceData</c>.
    /// </summary>
    public static IServiceCollection AddDatasetStorage(this IServiceCollection services)
    {
        if (!BitConverter.IsLittleEndian)
            throw new PlatformNotSupportedException("Dataset chunks are stored as little-endian float32 or uint16 and read without conversion.");
        services.AddOptions<DatasetOptions>().BindConfiguration(DatasetOptions.SectionName).ValidateDataAnnotations().ValidateOnStart();
        services.AddScoped<DatasetStore>();
        services.AddScoped<DatasetImporter>();
        return services;
    }
}
