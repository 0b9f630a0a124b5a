using Microsoft.EntityFrameworkCore.Storage.ValueConversion;

namespace TrainingService.Core.Data.Configurations;

/// <summary>Stores a typed property as its <see cref="StoredJson"/> text; EF never hands it a null (SQL NULL stays NULL).</summary>
internal sealed class JsonbValueConverter<T>() : ValueConverter<T, string>(
    value => StoredJson.Serialize(value),
    json => StoredJson.Deserialize<T>(json))
    where T : class?;
