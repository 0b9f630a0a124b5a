using TrainingService.Core.Datasets;
using TrainingService.Core.Hosting;
using TrainingService.Core.Training;

// A tiny web host: the Hangfire server does the work; HTTP serves only the health probes.
var builder = WebApplication.CreateBuilder(HostContentRoot.OptionsFor(args));

builder.Services.AddTrainingServiceData(builder.Configuration);
builder.Services.AddTrainingServiceHangfire(builder.Configuration);
builder.Services.AddTrainingServiceWorkers();
builder.Services.AddTrainingServiceHealthChecks();
builder.AddTrainingServiceTelemetry();
builder.Services.AddDatasetStorage();
builder.Services.AddTraining();

var app = builder.Build();

await DatabaseMigration.WaitForMigrationsAsync(app.Services, app.Logger);

app.MapTrainingServiceHealthEndpoints();

await app.RunAsync();
