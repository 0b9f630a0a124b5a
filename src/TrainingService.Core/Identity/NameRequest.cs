namespace TrainingService.Core.Identity;

/// <summary>The body of <c>POST /api/tenants</c> and <c>POST /api/keys</c>: a name people recognise it by.</summary>
public sealed record NameRequest(string? Name)
{
    /// <summary>The trimmed name, or an error under <c>name</c>.</summary>
    internal string? Validate(Validation.ValidationErrors errors)
    {
        string? name = Name?.Trim();
        if (string.IsNullOrEmpty(name))
            errors.Add("name", "name is required.");
        else if (name.Length > IdentityLimits.MaxNameLength)
            errors.Add("name", $"name must be at most {IdentityLimits.MaxNameLength} characters; got {name.Length}.");
        else
            return name;
        return null;
    }
}
