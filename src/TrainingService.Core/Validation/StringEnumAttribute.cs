namespace TrainingService.Core.Validation;

/// <summary>
/// Marks a string request property that takes the camelCase names of <see cref="EnumType"/>. Such fields are bound as
/// strings so an unknown value becomes a validation error listing the allowed ones, not a JSON binding failure;
/// the Api's OpenAPI schema transformer lists the values in the OpenAPI schema.
/// </summary>
[AttributeUsage(AttributeTargets.Property)]
public sealed class StringEnumAttribute(Type enumType) : Attribute
{
    public Type EnumType { get; } = enumType;
}
