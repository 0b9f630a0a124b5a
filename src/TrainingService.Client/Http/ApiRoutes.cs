namespace TrainingService.Client;

/// <summary>Every route the client calls; <see cref="All"/> is what <see cref="TrainingServiceClient.Routes"/> exposes.</summary>
internal static class ApiRoutes
{
    public static readonly ApiRoute UploadDataset = new("POST", "/api/datasets", "UploadDataset");
    public static readonly ApiRoute ListDatasets = new("GET", "/api/datasets", "ListDatasets");
    public static readonly ApiRoute GetDataset = new("GET", "/api/datasets/{id}", "GetDataset");
    public static readonly ApiRoute GetDatasetRows = new("GET", "/api/datasets/{id}/rows", "GetDatasetRows");
    public static readonly ApiRoute GetColumnHistogram = new("GET", "/api/datasets/{id}/columns/{name}/histogram", "GetColumnHistogram");
    public static readonly ApiRoute DeleteDataset = new("DELETE", "/api/datasets/{id}", "DeleteDataset");

    public static readonly ApiRoute CreateModel = new("POST", "/api/models", "CreateModel");
    public static readonly ApiRoute ListModels = new("GET", "/api/models", "ListModels");
    public static readonly ApiRoute GetModel = new("GET", "/api/models/{id}", "GetModel");
    public static readonly ApiRoute DeleteModel = new("DELETE", "/api/models/{id}", "DeleteModel");
    public static readonly ApiRoute PinProductionJob = new("PUT", "/api/models/{id}/production", "PinProductionJob");
    public static readonly ApiRoute UnpinProductionJob = new("DELETE", "/api/models/{id}/production", "UnpinProductionJob");
    public static readonly ApiRoute GetProductionPinHistory = new("GET", "/api/models/{id}/production/history", "GetProductionPinHistory");

    public static readonly ApiRoute CreateTrainingJob = new("POST", "/api/training-jobs", "CreateTrainingJob");
    public static readonly ApiRoute ValidateTrainingJob = new("POST", "/api/training-jobs/validate", "ValidateTrainingJob");
    public static readonly ApiRoute ListTrainingJobs = new("GET", "/api/training-jobs", "ListTrainingJobs");
    public static readonly ApiRoute GetTrainingJob = new("GET", "/api/training-jobs/{id}", "GetTrainingJob");
    public static readonly ApiRoute GetTrainingJobHistory = new("GET", "/api/training-jobs/{id}/history", "GetTrainingJobHistory");
    public static readonly ApiRoute DownloadTrainedModel = new("GET", "/api/training-jobs/{id}/model", "DownloadTrainedModel");
    public static readonly ApiRoute CancelTrainingJob = new("POST", "/api/training-jobs/{id}/cancel", "CancelTrainingJob");
    public static readonly ApiRoute DeleteTrainingJob = new("DELETE", "/api/training-jobs/{id}", "DeleteTrainingJob");
    public static readonly ApiRoute StreamTrainingJobEvents = new("GET", "/api/training-jobs/{id}/events", "StreamTrainingJobEvents");
    public static readonly ApiRoute StreamTenantTrainingJobEvents = new("GET", "/api/training-jobs/events", "StreamTenantTrainingJobEvents");
    public static readonly ApiRoute CreateStreamTicket = new("POST", "/api/stream-tickets", "CreateStreamTicket");

    public static readonly ApiRoute CreateTuningJob = new("POST", "/api/tuning-jobs", "CreateTuningJob");
    public static readonly ApiRoute ListTuningJobs = new("GET", "/api/tuning-jobs", "ListTuningJobs");
    public static readonly ApiRoute GetTuningJob = new("GET", "/api/tuning-jobs/{id}", "GetTuningJob");
    public static readonly ApiRoute GetTuningJobTrials = new("GET", "/api/tuning-jobs/{id}/trials", "GetTuningJobTrials");
    public static readonly ApiRoute CancelTuningJob = new("POST", "/api/tuning-jobs/{id}/cancel", "CancelTuningJob");
    public static readonly ApiRoute DeleteTuningJob = new("DELETE", "/api/tuning-jobs/{id}", "DeleteTuningJob");
    public static readonly ApiRoute PromoteTuningJob = new("POST", "/api/tuning-jobs/{id}/promote", "PromoteTuningJob");

    /// <summary>No client method yet: read it as a plain <c>text/event-stream</c> (the README shows its events).</summary>
    public static readonly ApiRoute StreamTuningJobEvents = new("GET", "/api/tuning-jobs/{id}/events", "StreamTuningJobEvents");

    public static readonly ApiRoute CreatePrediction = new("POST", "/api/models/{modelId}/predictions", "CreatePrediction");
    public static readonly ApiRoute ListPredictions = new("GET", "/api/models/{modelId}/predictions", "ListPredictions");
    public static readonly ApiRoute GetPrediction = new("GET", "/api/models/{modelId}/predictions/{predictionId}", "GetPrediction");
    public static readonly ApiRoute DeletePrediction = new("DELETE", "/api/models/{modelId}/predictions/{predictionId}", "DeletePrediction");
    public static readonly ApiRoute CancelPrediction = new("POST", "/api/models/{modelId}/predictions/{predictionId}/cancel", "CancelPrediction");
    public static readonly ApiRoute DownloadPredictionCsv = new("GET", "/api/models/{modelId}/predictions/{predictionId}.csv", "DownloadPredictionCsv");

    public static readonly ApiRoute CreateApiKey = new("POST", "/api/keys", "CreateApiKey");
    public static readonly ApiRoute ListApiKeys = new("GET", "/api/keys", "ListApiKeys");
    public static readonly ApiRoute RevokeApiKey = new("DELETE", "/api/keys/{id}", "RevokeApiKey");

    public static readonly ApiRoute CreateTenant = new("POST", "/api/tenants", "CreateTenant");
    public static readonly ApiRoute ListTenants = new("GET", "/api/tenants", "ListTenants");
    public static readonly ApiRoute DeleteTenant = new("DELETE", "/api/tenants/{id}", "DeleteTenant");
    public static readonly ApiRoute CreateTenantKey = new("POST", "/api/tenants/{id}/keys", "CreateTenantKey");

    public static readonly IReadOnlyList<ApiRoute> All =
    [
        UploadDataset, ListDatasets, GetDataset, GetDatasetRows, GetColumnHistogram, DeleteDataset,
        CreateModel, ListModels, GetModel, DeleteModel, PinProductionJob, UnpinProductionJob, GetProductionPinHistory,
        CreateTrainingJob, ValidateTrainingJob, ListTrainingJobs, GetTrainingJob, GetTrainingJobHistory, DownloadTrainedModel,
        CancelTrainingJob, DeleteTrainingJob, StreamTrainingJobEvents, StreamTenantTrainingJobEvents, CreateStreamTicket,
        CreateTuningJob, ListTuningJobs, GetTuningJob, GetTuningJobTrials, CancelTuningJob, DeleteTuningJob, PromoteTuningJob, StreamTuningJobEvents,
        CreatePrediction, ListPredictions, GetPrediction, DeletePrediction, CancelPrediction, DownloadPredictionCsv,
        CreateApiKey, ListApiKeys, RevokeApiKey,
        CreateTenant, ListTenants, DeleteTenant, CreateTenantKey,
    ];
}
