namespace DicomPipeline.Web;

/// <summary>The problem-details answers the endpoints give, in one place so titles stay consistent.</summary>
internal static class Problems
{
    public static IResult BadRequest(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: StatusCodes.Status400BadRequest, title: title, detail: detail, extensions: extensions);

    public static IResult NotFound(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status404NotFound, title: "Not found", detail: detail);

    public static IResult Conflict(string title, string detail, IDictionary<string, object?>? extensions = null) =>
        Results.Problem(statusCode: StatusCodes.Status409Conflict, title: title, detail: detail, extensions: extensions);

    public static IResult TooLarge(string detail) =>
        Results.Problem(statusCode: StatusCodes.Status413PayloadTooLarge, title: "Upload too large", detail: detail);

    public static IResult Orthanc(Exception ex) =>
        Results.Problem(statusCode: StatusCodes.Status502BadGateway, title: "Orthanc call failed", detail: ex.Message);
}
