using System.Text.Json;
using System.Text.Json.Serialization;

namespace TrainingService.Api.Infrastructure;

public static class JsonConventions
{
    /// <summary>
    /// camelCase properties and enum values ("queued", "leakyRelu"), the API's wire format everywhere. Request bodies
    /// are strict: a property the request type does not have (a typo such as <c>learning_rate</c>, a stray <c>id</c>)
    /// fails binding, and <see cref="ApiExceptionHandler"/> answers 400 naming its path, instead of the field silently
    /// taking its default.
    /// </summary>
    public static IServiceCollection AddApiJsonConventions(this IServiceCollection services) =>
        services.ConfigureHttpJsonOptions(options =>
        {
            options.SerializerOptions.PropertyNamingPolicy = JsonNamingPolicy.CamelCase;
            options.SerializerOptions.Converters.Add(new JsonStringEnumConverter(JsonNamingPolicy.CamelCase, allowIntegerValues: false));
            options.SerializerOptions.UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow;
        });
}
