using Microsoft.Playwright;

namespace DicomPipeline.IntegrationTests.Infrastructure;

/// <summary>
/// axe-core (npm), run in the page under test: the WCAG 2.0, 2.1 and 2.2 level A and AA rules. The script is in
/// <c>.axe/node_modules/axe-core</c> of the test project (not committed), installed by <c>.ci/run</c> or on first use
/// (<see cref="NpmPeer.Require"/>); without it the tests that use it fail, they never skip.
/// </summary>
public static class AxeCore
{
    /// <summary>The version <c>.ci/run</c> installs.</summary>
    public const string Version = "4.11.0";

    private static readonly string[] Tags = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22a", "wcag22aa"];

    private static readonly Lazy<string> Script = new(Load);

    /// <summary>Runs axe-core in <paramref name="page"/> as it is now; one line per violation (rule, help, the elements).</summary>
    public static async Task<IReadOnlyList<string>> ViolationsAsync(IPage page)
    {
        ArgumentNullException.ThrowIfNull(page);

        // Evaluated over the DevTools protocol, which the page's Content-Security-Policy does not govern (a script tag would be refused).
        await page.EvaluateAsync(Script.Value);
        return await page.EvaluateAsync<string[]>(
            """
            async (tags) => {
              const results = await axe.run(document, { runOnly: { type: "tag", values: tags } });
              return results.violations.map(v => `${v.id} (${v.impact}): ${v.help} -- ` + v.nodes.map(n => n.target.join(" ") + " " + (n.failureSummary || "").replace(/\s+/g, " ")).join(" | "));
            }
            """,
            Tags);
    }

    private static string Load() => File.ReadAllText(Path.Combine(NpmPeer.Require(".axe", "axe-core", Version), "axe.min.js"));
}
