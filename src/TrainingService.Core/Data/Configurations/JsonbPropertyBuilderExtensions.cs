using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata.Builders;

namespace TrainingService.Core.Data.Configurations;

internal static class JsonbPropertyBuilderExtensions
{
    /// <summary>
    /// Maps a typed property to a jsonb column through <see cref="StoredJson"/>. A value converter rather than EF's
    /// <c>ToJson()</c>: owned and complex JSON types map neither the polymorphic layer list of a model definition nor
    /// dictionaries, and EF writes its own JSON (property names as declared, no enum strings), not the stored shape.
    /// </summary>
    public static PropertyBuilder<T> HasJsonbConversion<T>(this PropertyBuilder<T> property)
        where T : class? =>
        property.HasConversion(new JsonbValueConverter<T>(), new JsonbValueComparer<T>()).HasColumnType("jsonb");
}
