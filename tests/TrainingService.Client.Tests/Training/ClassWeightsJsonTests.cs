using System.Text.Json;

namespace TrainingService.Client.Tests.Training;

/// <summary>The client's side of <c>classWeights</c>: the string <c>"balanced"</c> or an object of label → weight, both ways.</summary>
public sealed class ClassWeightsJsonTests
{
    [Fact]
    public void Balanced_IsTheStringBalancedBothWays()
    {
        string json = JsonSerializer.Serialize(ClassWeights.Balanced, ClientJson.Options);

        Assert.Equal("\"balanced\"", json);
        Assert.True(JsonSerializer.Deserialize<ClassWeights>(json, ClientJson.Options)!.IsBalanced);
    }

    [Fact]
    public void ByLabel_IsAnObjectOfWeightsBothWays()
    {
        string json = JsonSerializer.Serialize(ClassWeights.ByLabel(new Dictionary<string, double> { ["yes"] = 3.5, ["no"] = 1 }), ClientJson.Options);

        Assert.Equal("""{"yes":3.5,"no":1}""", json);
        var read = JsonSerializer.Deserialize<ClassWeights>(json, ClientJson.Options)!;
        Assert.False(read.IsBalanced);
        Assert.Equal(3.5, read.Weights!["yes"]);
    }

    [Fact]
    public void Request_WithoutClassWeights_LeavesTheFieldOut()
    {
        string json = JsonSerializer.Serialize(new TrainingJobRequest(Guid.Empty, Guid.Empty), ClientJson.Options);

        Assert.DoesNotContain("classWeights", json);
    }
}
