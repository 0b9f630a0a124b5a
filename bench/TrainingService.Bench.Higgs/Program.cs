using System.Globalization;
using TrainingService.Bench.FashionMnist;
using TrainingService.Bench.Higgs;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

// HIGGS-shaped training benchmark (the workload OpenNN publishes against PyTorch): 28 inputs, five hidden
// layers of 300 tanh, one sigmoid output with binary cross-entropy, SGD with momentum 0.9 at learning rate
// 0.05, batch 100, on synthetic data (see SyntheticHiggs), evaluated on the validation split after every
// epoch. Glorot-uniform weights suit tanh; bench/higgs/torch_higgs.py initializes the same way.
const int HiddenLayers = 5, HiddenUnits = 300;
HiggsOptions options;
TrainingData train, validation;
try
{
    options = HiggsOptions.Parse(args);
    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
    (train, validation) = SyntheticHiggs.Load(options.DataFile, options.Seed, options.Rows, options.ValidationRows);
    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
        $"data: {train.Rows} train / {validation.Rows} validation rows, positive share {train.Targets.Average():F3}, ready in {System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds:F1} s{(options.DataFile is null ? "" : " (" + options.DataFile + ")")}"));
}
catch (Exception e) when (e is ArgumentException or IOException or InvalidDataException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}
if (options.WriteOnly)
    return 0;

var builder = new NetworkBuilder(SyntheticHiggs.Inputs);
for (int l = 0; l < HiddenLayers; l++)
    builder.Dense(HiddenUnits, ActivationKind.Tanh);
Network network = builder
    .Dense(1, ActivationKind.Sigmoid)
    .WithInitializer(InitializerKind.GlorotUniform)
    .WithSeed(options.Seed)
    .Build(maxBatchSize: options.BatchSize, maxThreads: options.Threads);
var trainerOptions = new TrainerOptions
{
    Epochs = options.Epochs,
    BatchSize = options.BatchSize,
    Shuffle = true,
    Loss = LossKind.BinaryCrossEntropy,
    Optimizer = new OptimizerSpec { Type = OptimizerKind.Momentum, LearningRate = 0.05f, Momentum = 0.9f },
    MaxThreads = options.Threads,
    Seed = options.Seed,
};

Console.WriteLine($"HIGGS-shaped: 28-{HiddenLayers}x{HiddenUnits} tanh-1 sigmoid, binary cross-entropy, momentum SGD 0.05/0.9, batch {options.BatchSize}, {options.Threads} thread(s), {options.Epochs} epoch(s)");
Console.WriteLine("epoch  train_loss  val_loss  val_acc  epoch_s  samples/s");
var measure = new EpochMeasure();
TrainingResult result = Trainer.Fit(network, train, validation, trainerOptions, measure.Callbacks(r => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{r.Epoch,5}  {r.TrainLoss,10:F4}  {r.ValidationLoss,8:F4}  {r.ValidationMetrics![MetricNames.Accuracy],7:F4}  {r.Duration.TotalSeconds,7:F2}  {r.SamplesPerSecond,9:F0}"))));

EpochReport last = result.History[^1];
double accuracy = last.ValidationMetrics![MetricNames.Accuracy];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"final validation accuracy {accuracy:F4}, loss {last.ValidationLoss:F4}; median epoch time (epochs 2..{result.History.Count}) {EpochMeasure.LaterEpochs(result).Median:F2} s; stop: {result.StopReason}"));
double allocatedPerBatch = measure.AllocatedPerBatch((train.Rows + options.BatchSize - 1) / options.BatchSize);

if (options.Profile)
    PhaseProfile.Run(network, train, options.BatchSize, options.Threads, trainerOptions.Loss, trainerOptions.Optimizer, repeats: 3, rows: 100_000);

// One machine-readable line for bench/higgs/compare.sh (torch_higgs.py prints the same keys).
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"summary {EpochMeasure.SummaryTimes(result)} accuracy={accuracy:F4} loss={last.ValidationLoss:F4} peak_rss_mb={BenchStats.PeakRssMegabytes():F0} alloc_per_batch={allocatedPerBatch:F1}"));
return 0;
