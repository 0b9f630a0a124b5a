using TrainingService.Api.Datasets;
using TrainingService.Api.Events;
using TrainingService.Api.Identity;
using TrainingService.Api.Infrastructure;
using TrainingService.Api.Models;
using TrainingService.Api.Predictions;
using TrainingService.Api.Training;
using TrainingService.Api.Tuning;
using TrainingService.Core.Hosting;
using TrainingService.Core.Training;

var builder = WebApplication.CreateBuilder(HostContentRoot.OptionsFor(args));

builder.Services.AddTrainingServiceData(builder.Configuration);
builder.Services.AddTrainingServiceHangfire(builder.Configuration);
builder.Services.AddInProcessWorkersWhenConfigured(builder.Configuration);
builder.Services.AddTrainingServiceHealthChecks();
builder.AddTrainingServiceTelemetry();
builder.Services.AddApiProblemDetails();
builder.Services.AddApiJsonConventions();
builder.Services.AddJsonBodyLimits();
builder.Services.AddApiDocumentation();
builder.Services.AddApiIdentity(builder.Configuration);
builder.Services.AddDatasets();
builder.Services.AddModels();
builder.Services.AddTraining();
builder.Services.AddTrainingJobEvents();

var app = builder.Build();

await DatabaseMigration.MigrateAsync(app.Services);

app.UseExceptionHandler();
app.UseStatusCodePages();
// Before identity: the console's pages are public; the API calls they make carry the key.
app.UseWebConsole();
app.UseApiIdentity();
app.UseJsonBodyLimits();
app.MapTrainingServiceHealthEndpoints();
app.MapApiDocumentation();
app.MapHangfireDashboardPage();
app.MapTenantsApi();

// A tenant's routes: one Map<Feature>Api() line each, all behind the tenant policy.
var tenantRoutes = app.MapTenantRoutes();
tenantRoutes.MapDatasetsApi();
tenantRoutes.MapModelsApi();
tenantRoutes.MapTrainingJobsApi();
tenantRoutes.MapEventsApi();
tenantRoutes.MapTuningJobsApi();
tenantRoutes.MapPredictionsApi();
tenantRoutes.MapKeysApi();

await app.RunAsync();

public partial class Program;
