using DicomPipeline.IntegrationTests.Infrastructure;
using Microsoft.Playwright;

namespace DicomPipeline.IntegrationTests.Web;

/// <summary>The page as the page tests open it: a browser context of its own, a desktop-sized window, signed in.</summary>
internal static class WebPages
{
    /// <summary>A new page in a context of its own (the caller closes <c>page.Context</c>), 15 s per step.</summary>
    public static async Task<IPage> NewAsync(ChromiumBrowser chromium)
    {
        var context = await chromium.Browser.NewContextAsync(new() { ViewportSize = new() { Width = 1100, Height = 900 } });
        var page = await context.NewPageAsync();
        page.SetDefaultTimeout(15_000);
        return page;
    }

    /// <summary>Opens the app at <paramref name="address"/> and signs in with the fixture's key, until the app shows.</summary>
    public static async Task<IPage> SignedInAsync(ChromiumBrowser chromium, Uri address)
    {
        var page = await NewAsync(chromium);
        await page.GotoAsync(address.ToString());
        await page.FillAsync("#api-key", WebFixture.ApiKey);
        await page.ClickAsync("#sign-in");
        await Assertions.Expect(page.Locator("#app")).ToBeVisibleAsync();
        return page;
    }
}
