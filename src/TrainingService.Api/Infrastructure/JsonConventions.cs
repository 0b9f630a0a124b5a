using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Api.Infrastructure;

public static class JsonConventions
{
    /// <summary>camelCase properties and enum values ("queued", "leakyRelu"), the API's wire format everywhere.</summary>
    public static IServiceCollection AddApiJsonConventions(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
        });
}
