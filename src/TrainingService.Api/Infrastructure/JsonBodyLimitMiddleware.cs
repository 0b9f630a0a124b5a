using Microsoft.AspNetCore.Http.Features;
using Microsoft.AspNetCore.Http.Metadata;
using Microsoft.AspNetCore.Mvc;
using Microsoft.Extensions.Options;

namespace TrainingService.Api.Infrastructure;

/// <summary>
/// Bounds the body of every route that binds JSON, before binding reads it: a Content-Length over the limit is
/// refused without reading a byte, and any other body (chunked, or lying about its length) is cut off by
/// <see cref="JsonBodyLimitStream"/> as soon as it passes the limit. Either way the answer is a 413 problem naming
/// the limit in bytes and the setting that raises it.
/// </summary>
internal sealed class JsonBodyLimitMiddleware(RequestDelegate next, IOptionsMonitor<JsonBodyOptions> options, IProblemDetailsService problemDetails)
{
    public async Task InvokeAsync(HttpContext context)
    {
        if (LimitOf(context.GetEndpoint()) is not { } limit)
        {
            await next(context);
            return;
        }

        long bytes = limit.Bytes(options.CurrentValue);
        if (context.Request.ContentLength > bytes)
        {
            await WriteTooLargeAsync(context, limit, bytes);
            return;
        }

        // Kestrel gets a limit of the same order too: its 30 MB default would cut a larger configured limit short, and
        // it stops draining a refused body there. Twice ours, because Kestrel counts a chunked body's framing
        // (measured: a 1,024-byte chunked body fails a 1,025-byte Kestrel limit); its 413 becomes ours in the stream.
        if (context.Features.Get<IHttpMaxRequestBodySizeFeature>() is { IsReadOnly: false } size)
            size.MaxRequestBodySize = bytes > long.MaxValue / 2 ? null : bytes * 2;
        var body = context.Request.Body;
        context.Request.Body = new JsonBodyLimitStream(body, bytes);
        try
        {
            await next(context);
        }
        catch (JsonBodyTooLargeException) when (!context.Response.HasStarted)
        {
            await WriteTooLargeAsync(context, limit, bytes);
        }
        finally
        {
            context.Request.Body = body;
        }
    }

    /// <summary>The route's declared limit; a route binding a JSON body that declares none gets the default one.</summary>
    private static JsonBodyLimit? LimitOf(Endpoint? endpoint)
    {
        if (endpoint is null)
            return null;
        if (endpoint.Metadata.GetMetadata<JsonBodyLimit>() is { } declared)
            return declared;
        return endpoint.Metadata.GetOrderedMetadata<IAcceptsMetadata>()
            .Any(accepts => accepts.ContentTypes.Any(type => type.Contains("json", StringComparison.OrdinalIgnoreCase)))
            ? JsonBodyLimit.Default
            : null;
    }

    private async Task WriteTooLargeAsync(HttpContext context, JsonBodyLimit limit, long bytes)
    {
        context.Response.Clear();
        context.Response.StatusCode = StatusCodes.Status413PayloadTooLarge;
        var problem = new ProblemDetails
        {
            Status = StatusCodes.Status413PayloadTooLarge,
            Title = "The request body is too large.",
            Detail = $"The request body is larger than {bytes} bytes, the limit of this route; send less or raise {limit.Setting}.",
            Extensions = { ["limitBytes"] = bytes, ["setting"] = limit.Setting },
        };
        await problemDetails.WriteAsync(new ProblemDetailsContext { HttpContext = context, ProblemDetails = problem });
    }
}
