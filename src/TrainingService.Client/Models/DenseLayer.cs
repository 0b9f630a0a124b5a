namespace TrainingService.Client;

/// <summary>A fully connected layer and its activation (default relu); <c>l1</c>/<c>l2</c>/<c>maxNorm</c> override the model's regularization for its weights.</summary>
public sealed record DenseLayer(int Units, Activation? Activation = null, double? L1 = null, double? L2 = null, double? MaxNorm = null) : Layer;
