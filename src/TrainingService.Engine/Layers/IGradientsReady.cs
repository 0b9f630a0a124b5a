namespace TrainingService.Engine.Layers;

/// <summary>
/// Told by <see cref="Network"/> during a backward pass each time a layer's parameter gradients are complete, so the
/// caller can use them (the trainer's layer-wise optimizer step) while they are still in cache. The layer has already
/// produced its input gradient, so changing its parameters then does not change the rest of the pass.
/// </summary>
internal interface IGradientsReady
{
    /// <summary>
    /// Parameters <c>[first, first + count)</c> of <see cref="Network.Parameters"/> (one layer's, <paramref name="count"/>
    /// may be 0) have their final gradients for this pass; <paramref name="loss"/> is the pass's mean loss, computed
    /// before any layer was back-propagated. Called once per layer, last layer first.
    /// </summary>
    void GradientsReady(float loss, int first, int count);
}
