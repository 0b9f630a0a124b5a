using Microsoft.Extensions.DependencyInjection.Extensions;
using TrainingService.Core.Models;

namespace TrainingService.Api.Models;

public static class ModelsServiceCollectionExtensions
{
    public static IServiceCollection AddModels(this IServiceCollection services)
    {
        services.TryAddSingleton(TimeProvider.System);
        return services.AddScoped<ModelService>().AddScoped<ProductionPinService>();
    }
}
