namespace TrainingService.Api.Infrastructure;

/// <summary>
/// A JSON body passed its limit while being read. Not an <see cref="IOException"/> on purpose: minimal-API binding
/// catches those (and Kestrel's own 413, a <see cref="BadHttpRequestException"/>) and answers a bare status, while
/// this one reaches <see cref="JsonBodyLimitMiddleware"/>, which says which limit and which setting.
/// </summary>
internal sealed class JsonBodyTooLargeException() : Exception("The request body is larger than its limit.");
