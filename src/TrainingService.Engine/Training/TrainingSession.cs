using System.Diagnostics;
using System.Numerics.Tensors;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Kernels;
using TrainingService.Engine.Layers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Regularization;
using TrainingService.Engine.Schedules;

namespace TrainingService.Engine.Training;

/// <summary>
/// One call of <see cref="Trainer.Fit"/>: the run's state (optimizer, schedule, early stopping, shuffle
/// generator) and its preallocated batch buffers, so the per-batch path allocates nothing.
/// </summary>
internal sealed class TrainingSession : IGradientsReady
{
    private readonly Network _network;
    private readonly TrainingData _train;
    private readonly TrainingData? _validation;
    private readonly TrainerOptions _options;
    private readonly ILoss _loss;
    private readonly IOptimizer _optimizer;
    // The optimizer when it can update each layer during back-propagation (null: a separate step after it).
    private readonly ILayerwiseOptimizer? _layerwise;
    // This step's weight penalty per parameter, summed in parameter order once the pass is done.
    private readonly double[] _penalties;
    private bool _stepAbandoned;
    private readonly ILearningRateSchedule _schedule;
    private readonly EarlyStopping? _earlyStopping;
    private readonly MaxNormConstraint _maxNorm = new();
    private readonly MetricsAccumulator _trainMetrics;
    private readonly MetricsAccumulator? _validationMetrics;
    private readonly float[][] _tensors;
    // The tensors as the last completed epoch left them (the start weights before any): what an interrupted run
    // returns, so the weights of a partly run epoch never leave the session.
    private readonly float[][] _completed;
    private readonly int[] _order;
    private readonly float[] _batchFeatures;
    private readonly float[] _batchTargets;
    private readonly float[]? _batchWeights;
    private readonly GatherJob _gatherJob;
    // REVIEW: MaxRuntime counts from this Fit call, not across resumes; a caller resuming a run passes the remaining budget.
    private readonly long _startTimestamp = Stopwatch.GetTimestamp();
    private SeededRandom _shuffleRandom;
    private int _startEpoch;

    public TrainingSession(Network network, TrainingData train, TrainingData? validation, TrainerOptions options)
    {
        (_network, _train, _validation, _options) = (network, train, validation, options);
        _loss = LossFactory.Create(options.Loss, options.HuberDelta);
        _optimizer = OptimizerFactory.Create(options.Optimizer);
        if (_optimizer is IParallelOptimizer parallel)
            parallel.MaxThreads = options.MaxThreads;
        // Global-norm clipping scales every gradient by a norm over all of them, so no layer can be updated
        // before the last gradient is known: that keeps the separate step.
        _layerwise = options.GradientClipNorm is null ? _optimizer as ILayerwiseOptimizer : null;
        _penalties = new double[network.Parameters.Count];
        _schedule = LearningRateScheduleFactory.Create(options.Schedule, options.Optimizer.EffectiveLearningRate(), options.Epochs);
        _earlyStopping = options.EarlyStopping is { } es ? new EarlyStopping(es) : null;
        _shuffleRandom = new SeededRandom(options.Seed);

        TargetKind kind = options.Loss switch
        {
            LossKind.CategoricalCrossEntropy => TargetKind.Categorical,
            LossKind.BinaryCrossEntropy => TargetKind.Binary,
            _ => TargetKind.Regression,
        };
        // A sigmoid output layer yields probabilities; otherwise binary outputs are logits.
        float threshold = network.OutputActivation == ActivationKind.Sigmoid ? 0.5f : 0f;
        _trainMetrics = new MetricsAccumulator(kind, network.OutputSize, threshold);
        _validationMetrics = validation is null ? null : new MetricsAccumulator(kind, network.OutputSize, threshold);
        CheckMonitor(_schedule.Monitor, kind, "schedule.monitor");
        CheckMonitor(options.EarlyStopping?.Monitor, kind, "earlyStopping.monitor");

        if (network.MaxBatchSize < options.BatchSize)
            network.MaxBatchSize = options.BatchSize;
        network.MaxThreads = options.MaxThreads;
        _tensors = NetworkSnapshot.Tensors(network);
        _completed = Array.ConvertAll(_tensors, t => new float[t.Length]);
        _order = new int[train.Rows];
        _batchFeatures = new float[options.BatchSize * train.InputSize];
        _batchTargets = new float[options.BatchSize * train.TargetSize];
        _batchWeights = train.SampleWeights is null ? null : new float[options.BatchSize];
        _gatherJob = new GatherJob(this);
    }

    public void Restore(TrainingCheckpoint checkpoint)
    {
        if (checkpoint.Epoch < 0 || checkpoint.Epoch > _options.Epochs)
            throw new ArgumentException($"resumeFrom: the checkpoint is at epoch {checkpoint.Epoch}; this run has {_options.Epochs} epochs.", nameof(checkpoint));
        if (checkpoint.Optimizer.Type != _optimizer.Type)
            throw new ArgumentException($"resumeFrom: the checkpoint holds {checkpoint.Optimizer.Type} state; the options ask for {_optimizer.Type}.", nameof(checkpoint));
        NetworkSnapshot.Restore(_network, checkpoint.Network);
        _optimizer.SetState(checkpoint.Optimizer);
        if (_schedule.Type == ScheduleType.ReduceOnPlateau)
            _schedule.SetState(checkpoint.Schedule);
        if (_earlyStopping is not null && checkpoint.EarlyStopping is not null)
            _earlyStopping.SetState(checkpoint.EarlyStopping);
        _shuffleRandom = SeededRandom.FromState(checkpoint.ShuffleRandomState);
        if (checkpoint.DropoutRandomState is not null)
            _network.SetDropoutRandomState(checkpoint.DropoutRandomState);
        _startEpoch = checkpoint.Epoch;
    }

    public TrainingResult Run(TrainingCallbacks callbacks, CancellationToken cancellationToken)
    {
        var history = new List<EpochReport>();
        KeepCompleted();
        for (int epoch = _startEpoch; epoch < _options.Epochs; epoch++)
        {
            long epochStart = Stopwatch.GetTimestamp();
            float learningRate = _schedule.LearningRate(epoch);
            (StopReason? interrupted, double trainLoss) = TrainEpoch(epoch + 1, learningRate, callbacks.Progress, cancellationToken);
            if (interrupted is StopReason.Cancelled or StopReason.MaxRuntime)
                return Result(interrupted.Value, epoch, history, RestoreKept(epoch));
            if (interrupted is { } reason)
                return Result(reason, epoch, history);
            TimeSpan trainTime = Stopwatch.GetElapsedTime(epochStart);

            (double? validationLoss, IReadOnlyDictionary<string, double>? validationMetrics) = Evaluate();
            var report = new EpochReport(epoch + 1, trainLoss, validationLoss, _trainMetrics.Result(), validationMetrics,
                learningRate, Stopwatch.GetElapsedTime(epochStart), _train.Rows / Math.Max(trainTime.TotalSeconds, 1e-9));
            history.Add(report);

            bool diverged = (validationLoss is { } v && !double.IsFinite(v)) || !ParametersFinite();
            if (_schedule.Monitor is { } scheduleMonitor)
                _schedule.EpochEnded(epoch, Monitored(scheduleMonitor, report));
            bool stopEarly = _earlyStopping?.Update(epoch, Monitored(_options.EarlyStopping!.Monitor, report), _tensors) ?? false;
            KeepCompleted();

            callbacks.EpochCompleted?.Invoke(report);
            callbacks.CheckpointCreated?.Invoke(CreateCheckpoint(epoch + 1));

            if (diverged)
                return Result(StopReason.Diverged, epoch + 1, history);
            if (stopEarly)
            {
                bool restored = _options.EarlyStopping!.RestoreBestWeights && _earlyStopping!.RestoreBest(_tensors);
                return Result(StopReason.EarlyStopping, epoch + 1, history, restored ? _earlyStopping!.BestEpoch + 1 : epoch + 1);
            }
        }
        return Result(StopReason.Completed, _options.Epochs, history, _options.Epochs);
    }

    private void KeepCompleted()
    {
        for (int i = 0; i < _tensors.Length; i++)
            _tensors[i].AsSpan().CopyTo(_completed[i]);
    }

    /// <summary>
    /// After a cut-short epoch: the best epoch's weights when early stopping keeps them (as it would have restored them
    /// on stopping), else the last completed epoch's. Returns the epoch (1-based; 0 for the start weights) they are from.
    /// </summary>
    private int RestoreKept(int epochsCompleted)
    {
        if (_options.EarlyStopping?.RestoreBestWeights == true && _earlyStopping!.RestoreBest(_tensors))
            return _earlyStopping.BestEpoch + 1;
        for (int i = 0; i < _tensors.Length; i++)
            _completed[i].AsSpan().CopyTo(_tensors[i]);
        return epochsCompleted;
    }

    /// <summary>One pass over the shuffled training rows; returns a stop reason if the pass was cut short, else the mean loss.</summary>
    private (StopReason? Stop, double Loss) TrainEpoch(int epoch, float learningRate, TrainingProgress? progress, CancellationToken cancellationToken)
    {
        progress?.StartEpoch(epoch, (_order.Length + _options.BatchSize - 1) / _options.BatchSize);
        int batches = 0;
        IReadOnlyList<Parameter> parameters = _network.Parameters;
        _trainMetrics.Reset();
        for (int i = 0; i < _order.Length; i++)
            _order[i] = i;
        // Reshuffling from the identity (not from last epoch's order) keeps the generator the only state to checkpoint.
        if (_options.Shuffle)
            _shuffleRandom.Shuffle(_order);

        double lossSum = 0;
        int targetSize = _train.TargetSize;
        for (int start = 0; start < _order.Length; start += _options.BatchSize)
        {
            // A cancelled or timed-out epoch's partial updates are undone by Run (RestoreKept).
            if (cancellationToken.IsCancellationRequested)
                return (StopReason.Cancelled, double.NaN);
            if (_options.MaxRuntime is { } limit && Stopwatch.GetElapsedTime(_startTimestamp) > limit)
                return (StopReason.MaxRuntime, double.NaN);

            int batch = Math.Min(_options.BatchSize, _order.Length - start);
            Gather(start, batch);
            ReadOnlySpan<float> targets = _batchTargets.AsSpan(0, batch * targetSize);

            ReadOnlySpan<float> output = _network.ForwardBorrowingInput(_batchFeatures, batch);
            // Keras-style running metrics: training-mode outputs (dropout on) while the weights move; no second pass.
            _trainMetrics.Add(output, targets, batch);
            ReadOnlySpan<float> weights = _batchWeights is null ? [] : _batchWeights.AsSpan(0, batch);
            double loss;
            if (_layerwise is not null)
            {
                loss = LayerwiseStep(targets, weights, batch, learningRate);
                if (!double.IsFinite(loss))
                    return (StopReason.Diverged, loss);
            }
            else
            {
                loss = _network.BackwardReplacingGradients(_loss, targets, weights, batch);
                loss += WeightPenalty.Apply(parameters, _options.L1, _options.L2);
                if (!double.IsFinite(loss))
                    return (StopReason.Diverged, loss);
                if (_options.GradientClipNorm is { } clip && !double.IsFinite(GradientClipping.ClipByGlobalNorm(parameters, clip)))
                    return (StopReason.Diverged, double.NaN);
                _optimizer.Step(parameters, learningRate);
            }
            _maxNorm.Apply(parameters, _options.MaxNorm);
            lossSum += loss * batch;
            progress?.BatchCompleted(epoch, ++batches);
        }
        return (null, lossSum / _order.Length);
    }

    /// <summary>
    /// Loss, backward, weight penalty and optimizer step of one batch, with each layer's parameters updated as soon
    /// as back-propagation has completed their gradients (<see cref="IGradientsReady.GradientsReady"/>), while those are in cache.
    /// Each parameter gets the penalty gradient and the update the separate step would give it, from its own complete
    /// gradient, so the weights are bit-identical to that path. Returns the loss with the penalty; when it is not
    /// finite the step is not counted, and no layer was updated if the data loss already was not finite.
    /// </summary>
    private double LayerwiseStep(ReadOnlySpan<float> targets, ReadOnlySpan<float> weights, int batch, float learningRate)
    {
        _layerwise!.BeginStep(_network.Parameters, learningRate);
        Array.Clear(_penalties);
        _stepAbandoned = false;
        double loss = _network.BackwardReplacingGradients(_loss, targets, weights, batch, this);
        double penalty = 0;
        for (int p = 0; p < _penalties.Length; p++)
            penalty += _penalties[p];
        loss += penalty;
        if (double.IsFinite(loss))
            _layerwise.EndStep();
        return loss;
    }

    /// <summary>
    /// One layer's part of <see cref="LayerwiseStep"/>: its weight penalty, then its update. A non-finite loss or
    /// penalty abandons the step (the run diverges); layers updated before a non-finite penalty showed stay updated,
    /// which only a network whose weights are no longer finite can see.
    /// </summary>
    void IGradientsReady.GradientsReady(float loss, int first, int count)
    {
        if (_stepAbandoned || !float.IsFinite(loss))
        {
            _stepAbandoned = true;
            return;
        }
        IReadOnlyList<Parameter> parameters = _network.Parameters;
        for (int p = first; p < first + count; p++)
        {
            _penalties[p] = WeightPenalty.Apply(parameters[p], _options.L1, _options.L2);
            if (!double.IsFinite(_penalties[p]))
            {
                _stepAbandoned = true;
                return;
            }
        }
        if (count > 0)
            _layerwise!.Update(first, count);
    }

    /// <summary>
    /// Copies the feature and target rows of the batch starting at <paramref name="start"/> in the epoch's
    /// order. The reads are scattered over the whole data set, so they wait on memory; with more than one
    /// thread the rows are split across the compute pool (copies, so the result is the same either way).
    /// </summary>
    private void Gather(int start, int batch)
    {
        int parts = Math.Min(Math.Min(_options.MaxThreads, ComputePool.Shared.MaxParallelism), batch * _train.InputSize / MinGatherFloatsPerPart);
        if (parts > 1)
        {
            _gatherJob.Prepare(start, batch, parts);
            if (ComputePool.Shared.TryRun(_gatherJob, parts, threads: parts))
                return;
        }
        GatherRows(start, 0, batch);
    }

    // Below this many floats per thread a wake-up costs more than the copy it shares.
    private const int MinGatherFloatsPerPart = 16_384;

    // Rows of prefetch in flight ahead of the copy: enough misses to cover memory latency, few enough to stay in L1.
    private const int GatherPrefetchRows = 4;

    private void GatherRows(int start, int first, int end)
    {
        int inputSize = _train.InputSize, targetSize = _train.TargetSize;
        for (int r = first; r < end; r++)
        {
            // The rows are scattered, so the hardware prefetchers only catch on within a row: ask for a row a few
            // rows ahead, so its misses overlap this row's copy.
            if (r + GatherPrefetchRows < end)
                CachePrefetch.Lines(_train.Features.AsSpan(_order[start + r + GatherPrefetchRows] * inputSize, inputSize));
            int row = _order[start + r];
            _train.Features.AsSpan(row * inputSize, inputSize).CopyTo(_batchFeatures.AsSpan(r * inputSize));
            _train.Targets.AsSpan(row * targetSize, targetSize).CopyTo(_batchTargets.AsSpan(r * targetSize));
            if (_batchWeights is not null)
                _batchWeights[r] = _train.SampleWeights![row];
        }
    }

    /// <summary><see cref="Gather"/> split into contiguous ranges of batch rows, one per compute-pool part.</summary>
    private sealed class GatherJob(TrainingSession session) : IComputeJob
    {
        private int _start, _batch, _parts;

        public void Prepare(int start, int batch, int parts) => (_start, _batch, _parts) = (start, batch, parts);

        public void Execute(int part) =>
            session.GatherRows(_start, _batch * part / _parts, _batch * (part + 1) / _parts);
    }

    /// <summary>Inference pass over the validation set: loss (with the weight penalty, as in training) and metrics.</summary>
    private (double? Loss, IReadOnlyDictionary<string, double>? Metrics) Evaluate()
    {
        if (_validation is null || _validationMetrics is null)
            return (null, null);
        _validationMetrics.Reset();
        int inputSize = _validation.InputSize, targetSize = _validation.TargetSize;
        double lossSum = 0;
        for (int start = 0; start < _validation.Rows; start += _options.BatchSize)
        {
            int batch = Math.Min(_options.BatchSize, _validation.Rows - start);
            ReadOnlySpan<float> targets = _validation.Targets.AsSpan(start * targetSize, batch * targetSize);
            ReadOnlySpan<float> output = _network.Forward(_validation.Features.AsSpan(start * inputSize, batch * inputSize), batch, training: false);
            _validationMetrics.Add(output, targets, batch);
            ReadOnlySpan<float> weights = _validation.SampleWeights is { } w ? w.AsSpan(start, batch) : [];
            lossSum += (double)_network.ComputeLoss(_loss, targets, weights, batch) * batch;
        }
        double penalty = WeightPenalty.Compute(_network.Parameters, _options.L1, _options.L2);
        return (lossSum / _validation.Rows + penalty, _validationMetrics.Result());
    }

    /// <summary>
    /// The last batch's step can overflow the weights without any loss having shown it yet; checked once
    /// per epoch (IndexOfMaxMagnitude returns the first NaN when there is one).
    /// </summary>
    private bool ParametersFinite()
    {
        IReadOnlyList<Parameter> parameters = _network.Parameters;
        for (int i = 0; i < parameters.Count; i++)
        {
            float[] values = parameters[i].Value;
            if (!float.IsFinite(values[TensorPrimitives.IndexOfMaxMagnitude(values)]))
                return false;
        }
        return true;
    }

    /// <summary>The monitored quantity of a report; validation quantities fall back to training ones without a validation set.</summary>
    private double Monitored(string monitor, EpochReport report)
    {
        var (validation, metric) = MetricMonitor.Parse(monitor);
        validation &= _validation is not null;
        if (metric is null)
            return validation ? report.ValidationLoss!.Value : report.TrainLoss;
        return (validation ? report.ValidationMetrics! : report.TrainMetrics)[metric];
    }

    private TrainingCheckpoint CreateCheckpoint(int epochsCompleted) => new(
        epochsCompleted,
        NetworkSnapshot.Capture(_network),
        _optimizer.GetState(),
        _schedule.GetState(),
        _earlyStopping?.GetState(),
        _shuffleRandom.GetState(),
        _network.GetDropoutRandomState());

    private TrainingResult Result(StopReason reason, int epochsCompleted, List<EpochReport> history, int? weightsEpoch = null) =>
        new(reason, epochsCompleted, history, _earlyStopping is { BestEpoch: >= 0 } es ? es.BestEpoch + 1 : null, weightsEpoch);

    private static void CheckMonitor(string? monitor, TargetKind kind, string field)
    {
        if (monitor is null)
            return;
        string? metric;
        try
        {
            (_, metric) = MetricMonitor.Parse(monitor);
        }
        catch (ArgumentException e)
        {
            throw new ArgumentException($"{field}: {e.Message}", field, e);
        }
        bool regressionMetric = metric is MetricNames.Mse or MetricNames.Rmse or MetricNames.Mae or MetricNames.R2;
        if (metric is not null && regressionMetric != (kind == TargetKind.Regression))
            throw new ArgumentException($"{field}: '{monitor}' is not reported for this loss.", field);
    }
}
