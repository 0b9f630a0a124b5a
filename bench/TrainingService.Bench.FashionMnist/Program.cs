using System.Globalization;
using TrainingService.Bench.FashionMnist;
using TrainingService.Engine;
using TrainingService.Engine.Activations;
using TrainingService.Engine.Initializers;
using TrainingService.Engine.Losses;
using TrainingService.Engine.Metrics;
using TrainingService.Engine.Optimizers;
using TrainingService.Engine.Training;

// End-to-end training benchmark: 784-256-128-10 ReLU MLP, softmax cross-entropy, Adam 1e-3, on
// Fashion-MNIST, evaluated on the test split after every epoch. He initialization suits the ReLU
// layers; over seeds 1-4 it and Glorot end within noise of each other (about 0.88 ± 0.005).
BenchOptions options;
TrainingData train, test;
try
{
    options = BenchOptions.Parse(args);
    train = FashionMnistData.Load(options.DataDirectory, "train");
    test = FashionMnistData.Load(options.DataDirectory, "t10k");
}
catch (Exception e) when (e is ArgumentException or IOException)
{
    Console.Error.WriteLine(e.Message);
    return 2;
}

Network network = new NetworkBuilder(FashionMnistData.Pixels)
    .Dense(256, ActivationKind.Relu)
    .Dense(128, ActivationKind.Relu)
    .Dense(FashionMnistData.Classes, ActivationKind.Softmax)
    .WithInitializer(InitializerKind.HeUniform)
    .WithSeed(options.Seed)
    .Build(maxBatchSize: options.BatchSize, maxThreads: options.Threads);
var trainerOptions = new TrainerOptions
{
    Epochs = options.Epochs,
    BatchSize = options.BatchSize,
    Shuffle = true,
    Loss = LossKind.CategoricalCrossEntropy,
    Optimizer = new OptimizerSpec { Type = OptimizerKind.Adam, LearningRate = 1e-3f },
    MaxThreads = options.Threads,
    Seed = options.Seed,
};

Console.WriteLine($"Fashion-MNIST: {train.Rows} train / {test.Rows} test rows; 784-256-128-10 relu, adam 1e-3, batch {options.BatchSize}, {options.Threads} thread(s), {options.Epochs} epoch(s)");
Console.WriteLine("epoch  train_loss  test_acc  epoch_s  samples/s");
var measure = new EpochMeasure();
TrainingResult result = Trainer.Fit(network, train, test, trainerOptions, measure.Callbacks(r => Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"{r.Epoch,5}  {r.TrainLoss,10:F4}  {r.ValidationMetrics![MetricNames.Accuracy],8:F4}  {r.Duration.TotalSeconds,7:F2}  {r.SamplesPerSecond,9:F0}"))));

double medianSeconds = EpochMeasure.LaterEpochs(result).Median;
string median = double.IsNaN(medianSeconds) ? "n/a (needs 2+ epochs)" : medianSeconds.ToString("F2", CultureInfo.InvariantCulture) + " s";
double accuracy = result.History[^1].ValidationMetrics![MetricNames.Accuracy];
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"final test accuracy {accuracy:F4}; median epoch time (epochs 2..{result.History.Count}) {median}; stop: {result.StopReason}"));

double allocatedPerBatch = measure.AllocatedPerBatch((train.Rows + options.BatchSize - 1) / options.BatchSize);

// Inference: forward over the whole test split (Predict, MaxBatchSize rows at a time), median of 5.
var predictions = new float[test.Rows * FashionMnistData.Classes];
var inferenceSeconds = new double[5];
network.Predict(test.Features, test.Rows, predictions);
for (int i = 0; i < inferenceSeconds.Length; i++)
{
    long t0 = System.Diagnostics.Stopwatch.GetTimestamp();
    network.Predict(test.Features, test.Rows, predictions);
    inferenceSeconds[i] = System.Diagnostics.Stopwatch.GetElapsedTime(t0).TotalSeconds;
}
Array.Sort(inferenceSeconds);

// Serving sizes: the trained network (packs its weights per call) and a serving copy (packed once).
string perCallLatency = ServingLatency.Format(ServingLatency.Measure(network, test.Features));
string servedLatency = ServingLatency.Format(ServingLatency.Measure(ServingLatency.Served(network), test.Features));

if (options.Profile)
    PhaseProfile.Run(network, train, options.BatchSize, options.Threads, trainerOptions.Loss, trainerOptions.Optimizer);

// One machine-readable line for bench/fashion-mnist/compare.sh (torch_mlp.py prints the same keys).
// epochs_s: epochs 2..N in order, so compare.sh can pool the epochs of several rounds.
string epochList = result.History.Count < 2
    ? "n/a"
    : string.Join(',', result.History.Skip(1).Select(r => r.Duration.TotalSeconds.ToString("F4", CultureInfo.InvariantCulture)));
Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
    $"summary {EpochMeasure.SummaryTimes(result)} accuracy={accuracy:F4} infer_s={inferenceSeconds[inferenceSeconds.Length / 2]:F4} peak_rss_mb={BenchStats.PeakRssMegabytes():F0} alloc_per_batch={allocatedPerBatch:F1} cpu_median_s={measure.MedianCpuSeconds():F4} latency_us={servedLatency} per_call_packing_latency_us={perCallLatency} epochs_s={epochList}"));
return 0;
