using Microsoft.Playwright;

namespace Traceability.Web.Tests;

/// <summary>
/// Debian's chromium (<c>/usr/bin/chromium</c>, installed by test.sh), headless, driven by
/// Playwright; one browser per test class, a new context (own cookies, viewport, locale) per page.
/// Screenshots go to <see cref="Artefacts"/> (<c>TestResults/screenshots</c> beside the test binaries).
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    public const string ExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    public IBrowser Browser => _browser ?? throw new InvalidOperationException("Not started.");

    /// <summary>Where tests save screenshots, kept as test artefacts.</summary>
    public static string Artefacts { get; } = Directory.CreateDirectory(Path.Combine(AppContext.BaseDirectory, "TestResults", "screenshots")).FullName;

    public async Task InitializeAsync()
    {
        if (!File.Exists(ExecutablePath))
        {
            throw new InvalidOperationException($"{ExecutablePath} is missing: test.sh installs Debian's chromium (apt-get install chromium).");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = ExecutablePath,
            Headless = true,
            Args = ["--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage"],
        });
    }

    /// <summary>A fresh page at a phone's width (360×740, touch) or a desktop's (1280×900), in <paramref name="locale"/>.</summary>
    public async Task<IPage> NewPageAsync(bool phone = false, string locale = "vi-VN")
    {
        var context = await Browser.NewContextAsync(new BrowserNewContextOptions
        {
            ViewportSize = phone ? new ViewportSize { Width = 360, Height = 740 } : new ViewportSize { Width = 1280, Height = 900 },
            IsMobile = phone,
            HasTouch = phone,
            DeviceScaleFactor = phone ? 2 : 1,
            Locale = locale,
        });
        return await context.NewPageAsync();
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.CloseAsync();
        }

        _playwright?.Dispose();
    }
}
