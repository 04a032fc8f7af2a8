using DicomPipeline.Web.Safety;
using Microsoft.Extensions.Options;

namespace DicomPipeline.Web.Endpoints;

/// <summary>
/// <c>GET /folders</c>: the allowed input roots, and the folders inside one of them, so the page can offer them before the
/// first try instead of refusing a typed path. Nothing outside the roots is listed (the same guard as the upload).
/// </summary>
internal static class FolderEndpoints
{
    private const int MaxListed = 500;

    public static void MapFolderEndpoints(this IEndpointRouteBuilder app) =>
        app.MapGet("/folders", Browse)
            .WithName("BrowseFolders")
            .WithSummary("Without path: the allowed input roots. With path (inside a root): its sub-folders, sorted.")
            .Produces<FolderListing>()
            .ProducesProblem(StatusCodes.Status400BadRequest);

    private static IResult Browse(string? path, InputFolderGuard guard, IOptions<WebSampleOptions> options)
    {
        var roots = options.Value.AllowedInputRoots.Where(root => !string.IsNullOrWhiteSpace(root)).ToList();
        if (string.IsNullOrWhiteSpace(path))
        {
            return Results.Ok(new FolderListing(roots, null, null, roots, false));
        }

        if (!guard.TryResolve(path.Trim(), out var folder, out var refusal))
        {
            return Problems.BadRequest("Folder refused", refusal);
        }

        var children = new DirectoryInfo(folder)
            .EnumerateDirectories("*", new EnumerationOptions { IgnoreInaccessible = true, AttributesToSkip = FileAttributes.Hidden })
            .Select(child => child.FullName)
            .Order(StringComparer.Ordinal)
            .Take(MaxListed + 1)
            .ToList();
        var parent = Path.GetDirectoryName(folder);
        var parentAllowed = parent is not null && guard.TryResolve(parent, out _, out _);
        return Results.Ok(new FolderListing(roots, folder, parentAllowed ? parent : null, children.Take(MaxListed).ToList(), children.Count > MaxListed));
    }

    /// <summary>The roots, the folder listed (its real path) and its parent when that is allowed too, and its sub-folders.</summary>
    internal sealed record FolderListing(IReadOnlyList<string> Roots, string? Path, string? Parent, IReadOnlyList<string> Folders, bool Truncated);
}
