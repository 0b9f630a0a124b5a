namespace TrainingService.Engine;

/// <summary>One row of <see cref="NetworkSummary"/>.</summary>
/// <param name="Index">Position in the network, from 0.</param>
/// <param name="Name">Layer name, e.g. <c>dense0</c>.</param>
/// <param name="Type">Layer type and its main settings, e.g. <c>Dense(128, Relu)</c>.</param>
/// <param name="OutputSize">Features per sample out of the layer; the output shape is <c>[batch, OutputSize]</c>.</param>
/// <param name="ParameterCount">Trainable scalars of the layer.</param>
public sealed record LayerSummary(int Index, string Name, string Type, int OutputSize, long ParameterCount);
