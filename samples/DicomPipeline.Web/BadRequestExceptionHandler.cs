using Microsoft.AspNetCore.Diagnostics;

namespace DicomPipeline.Web;

/// <summary>
/// Turns the framework's own bad-request exceptions (a body over Kestrel's limit, a malformed request) into problem
/// details with their status (400, 413, …) instead of 500. Anything else falls through to the generic 500 problem,
/// which carries no message and no stack trace.
/// </summary>
internal sealed class BadRequestExceptionHandler(IProblemDetailsService problemDetails) : IExceptionHandler
{
    public async ValueTask<bool> TryHandleAsync(HttpContext httpContext, Exception exception, CancellationToken cancellationToken)
    {
        if (exception is not BadHttpRequestException badRequest)
        {
            return false;
        }

        httpContext.Response.StatusCode = badRequest.StatusCode;
        return await problemDetails.TryWriteAsync(new ProblemDetailsContext
        {
            HttpContext = httpContext,
            ProblemDetails =
            {
                Status = badRequest.StatusCode,
                Title = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge ? "Upload too large" : "Bad request",
                Detail = badRequest.StatusCode == StatusCodes.Status413PayloadTooLarge
                    ? "The request body is larger than this app accepts (DicomPipeline:Limits:MaxCsvBytes)."
                    : "The request could not be read.",
            },
        });
    }
}
