using System.Text.Json;
using System.Text.Json.Nodes;
using System.Text.Json.Serialization;
using TrainingService.Core.Data;
using TrainingService.Core.Models;
using TrainingService.Core.Training;
using TrainingService.Core.Validation;

namespace TrainingService.Core.Tuning;

/// <summary>
/// A trial's model definition and training settings: the base ones as JSON (the API's own shape), each sampled value
/// written at its path, and the result read back and checked by the very validators <c>POST /api/models</c> and
/// <c>POST /api/training-jobs</c> use. So a trial can be nothing a user could not have sent by hand.
/// </summary>
internal static class TrialSettings
{
    private static readonly JsonSerializerOptions Strict = new(StoredJson.Options) { UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow };

    /// <param name="errors">Receives what is wrong, keyed by the path inside the definition or training fields.</param>
    /// <returns>The trial's definition and training request, or nulls when <paramref name="errors"/> got any.</returns>
    public static (ModelDefinition? Definition, TrainingJobRequest? Training) Apply(
        ModelDefinition baseDefinition, TrainingJobRequest baseTraining, IReadOnlyDictionary<string, JsonElement> values, ValidationErrors errors)
    {
        var model = JsonSerializer.SerializeToNode(baseDefinition, StoredJson.Options)!.AsObject();
        // The validator wants a name; the coordinator names the trial's model row itself.
        model["name"] = "trial";
        var training = JsonSerializer.SerializeToNode(baseTraining, StoredJson.Options)!.AsObject();
        foreach (var (path, value) in values)
        {
            var document = DefinitionPath.IsTrainingField(path) ? training : model;
            if (DefinitionPath.TrySet(document, path, JsonSerializer.SerializeToNode(value)) is { } error)
                errors.Add(path, error);
        }

        if (!errors.IsEmpty)
            return (null, null);
        CreateModelRequest request;
        TrainingJobRequest trainingRequest;
        try
        {
            request = model.Deserialize<CreateModelRequest>(Strict)!;
            trainingRequest = training.Deserialize<TrainingJobRequest>(Strict)!;
        }
        catch (JsonException ex)
        {
            errors.Add(ex.Path is { Length: > 2 } path ? path[2..] : "$", $"A value does not fit there: {ex.Message}");
            return (null, null);
        }

        var validated = CreateModelRequestValidator.Validate(request, errors);
        TrainingJobRequestValidator.Validate(trainingRequest with { ModelId = trainingRequest.ModelId ?? Guid.Empty }, errors);
        return validated is null || !errors.IsEmpty ? (null, null) : (validated.Definition, trainingRequest);
    }
}
