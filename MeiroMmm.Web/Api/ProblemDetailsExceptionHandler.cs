using Microsoft.AspNetCore.Diagnostics;

namespace MeiroMmm.Web.Api;

/// <summary>Turns exceptions that escape an API handler into ProblemDetails: bad input → 400, cancellation → 499, else 500.</summary>
public sealed class ProblemDetailsExceptionHandler(IProblemDetailsService problems, ILogger<ProblemDetailsExceptionHandler> logger) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext context, Exception exception, CancellationToken ct)
    {
        (int status, string title) = exception switch
        {
            BadHttpRequestException e => (e.StatusCode, "Bad request"),
            ArgumentException or FormatException => (StatusCodes.Status400BadRequest, "Bad request"),
            OperationCanceledException when context.RequestAborted.IsCancellationRequested => (499, "Request cancelled"),
            _ => (StatusCodes.Status500InternalServerError, "Unexpected error"),
        };
        if (status >= 500) logger.LogError(exception, "Unhandled error on {Path}", context.Request.Path);
        context.Response.StatusCode = status;
        return await problems.TryWriteAsync(new()
        {
            HttpContext = context,
            Exception = exception,
            ProblemDetails = { Status = status, Title = title, Detail = status >= 500 ? "The server could not complete the request; the error was logged." : exception.Message },
        });
    }
}
