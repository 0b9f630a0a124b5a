namespace TrainingService.Api.Models;

/// <summary>OpenAPI additions for the models endpoints: a complete example definition for Swagger UI.</summary>
internal static class ModelsOpenApi
{
    /// <summary>Every field set, so the example doubles as documentation of the whole definition.</summary>
    public const string CreateExample = """
        {
          "name": "churn-mlp",
          "task": "classification",
          "targetColumn": "churned",
          "featureColumns": ["tenureMonths", "monthlyCharges", "contract", "paymentMethod"],
          "layers": [
            { "type": "dense", "units": 256, "activation": "relu", "l2": 0.0005 },
            { "type": "batchNormalization" },
            { "type": "dropout", "rate": 0.2 },
            { "type": "dense", "units": 64, "activation": "gelu", "maxNorm": 3.0 }
          ],
          "loss": "auto",
          "optimizer": { "type": "adamw", "learningRate": 0.001, "beta1": 0.9, "beta2": 0.999, "epsilon": 1e-8, "weightDecay": 0.01, "gradientClipNorm": 1.0 },
          "regularization": { "l1": 0, "l2": 0.0001, "maxNorm": null },
          "initializer": "he",
          "preprocessing": { "numeric": "standardize", "missing": "mean" },
          "seed": 42
        }
        """;
}
