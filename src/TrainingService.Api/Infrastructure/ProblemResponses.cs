namespace TrainingService.Api.Infrastructure;

/// <summary>Problem details written straight to the response, for the pipeline's refusals that run before any endpoint.</summary>
internal static class ProblemResponses
{
    public static async Task WriteProblemAsync(
        this HttpContext context, int status, string title, string detail, IDictionary<string, object?>? extensions = null)
    {
        context.Response.StatusCode = status;
        var problem = new Microsoft.AspNetCore.Mvc.ProblemDetails { Status = status, Title = title, Detail = detail };
        foreach (var (name, value) in extensions ?? new Dictionary<string, object?>())
            problem.Extensions[name] = value;
        await context.RequestServices.GetRequiredService<IProblemDetailsService>()
            .WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
