using OpenQA.Selenium;
using OpenQA.Selenium.Chrome;
using OpenQA.Selenium.Support.UI;
using Xunit.Sdk;

namespace QueueCtl.Tests.EndToEnd.Support;

/// <summary>
/// A real headless Chromium, Debian's <c>chromium</c> driven through Debian's <c>chromium-driver</c> (installed by
/// <c>.ci/run</c>). The driver's path is given, so Selenium Manager is never asked to find or download anything. Each
/// browser has a profile of its own in a temporary directory, deleted on dispose, so no cookie crosses tests.
/// </summary>
internal sealed class Browser : IDisposable
{
    public const string ChromiumPath = "/usr/bin/chromium";
    public const string DriverPath = "/usr/bin/chromedriver";

    public static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(30);

    private readonly string _profile;

    private Browser(ChromeDriver driver, string profile)
    {
        Driver = driver;
        _profile = profile;
    }

    public ChromeDriver Driver { get; }

    /// <summary>Where the page screenshots go: <c>TestResults/screenshots/</c> in the repository (the README shows them).</summary>
    public static string ScreenshotDirectory => Path.Combine(Binaries.SolutionDirectory, "TestResults", "screenshots");

    public static Browser Start()
    {
        foreach (var path in (string[])[ChromiumPath, DriverPath])
        {
            if (!File.Exists(path))
            {
                throw new XunitException($"{path} is missing: install Debian's chromium and chromium-driver (apt-get install chromium chromium-driver; .ci/run does)");
            }
        }
        var profile = Path.Combine(Path.GetTempPath(), "queuectl-chromium-" + Guid.NewGuid().ToString("N")[..12]);
        Directory.CreateDirectory(profile);
        var service = ChromeDriverService.CreateDefaultService(Path.GetDirectoryName(DriverPath)!, Path.GetFileName(DriverPath));
        service.SuppressInitialDiagnosticInformation = true;
        service.HideCommandPromptWindow = true;
        var options = new ChromeOptions { BinaryLocation = ChromiumPath };
        options.AddArguments("--headless=new", "--no-sandbox", "--disable-dev-shm-usage", "--window-size=1280,900",
            "--no-first-run", "--no-default-browser-check", $"--user-data-dir={profile}");
        try
        {
            return new Browser(new ChromeDriver(service, options, TimeSpan.FromSeconds(60)), profile);
        }
        catch
        {
            service.Dispose();
            Directory.Delete(profile, recursive: true);
            throw;
        }
    }

    public void Open(string url) => Driver.Navigate().GoToUrl(url);

    /// <summary>Waits until <paramref name="condition"/> holds in the page (a DOM condition, never a sleep).</summary>
    public T Until<T>(Func<IWebDriver, T> condition, string what, TimeSpan? timeout = null)
    {
        var wait = new WebDriverWait(Driver, timeout ?? DefaultWait) { PollingInterval = TimeSpan.FromMilliseconds(100) };
        wait.IgnoreExceptionTypes(typeof(NoSuchElementException), typeof(StaleElementReferenceException));
        try
        {
            return wait.Until(condition);
        }
        catch (WebDriverTimeoutException)
        {
            throw new XunitException($"the page never showed {what} within {(timeout ?? DefaultWait).TotalSeconds:0} s; it shows:\n{Text("body")}");
        }
    }

    /// <summary>Waits for the view of <paramref name="page"/> to have loaded its data at least once.</summary>
    public void UntilLoaded(string page) => Until(d =>
    {
        var view = d.FindElement(By.Id("view"));
        return view.GetDomAttribute("data-page") == page && int.Parse(view.GetDomAttribute("data-loaded") ?? "0") >= 1;
    }, $"the {page} page loaded");

    /// <summary>Waits until the element <paramref name="css"/> shows exactly <paramref name="text"/>.</summary>
    public void UntilText(string css, string text) =>
        Until(d => d.FindElement(By.CssSelector(css)).Text.Trim() == text, $"'{text}' in {css}");

    public string Text(string css)
    {
        try
        {
            return Driver.FindElement(By.CssSelector(css)).Text;
        }
        catch (NoSuchElementException)
        {
            return $"(no {css})";
        }
    }

    public void Click(string css) => Driver.FindElement(By.CssSelector(css)).Click();

    /// <summary>
    /// Saves the whole page as <c>TestResults/screenshots/NAME.png</c>: the window is made as tall as the page for the
    /// picture (a job's history and output are below the fold), then given its size back.
    /// </summary>
    public string Screenshot(string name)
    {
        Directory.CreateDirectory(ScreenshotDirectory);
        var path = Path.Combine(ScreenshotDirectory, name + ".png");
        var window = Driver.Manage().Window;
        var size = window.Size;
        var pageHeight = Convert.ToInt32(Driver.ExecuteScript("return document.documentElement.scrollHeight + (window.outerHeight - window.innerHeight);"));
        window.Size = new System.Drawing.Size(size.Width, Math.Max(size.Height, pageHeight));
        try
        {
            Driver.GetScreenshot().SaveAsFile(path);
        }
        finally
        {
            window.Size = size;
        }
        return path;
    }

    public void Dispose()
    {
        try
        {
            Driver.Quit();
        }
        finally
        {
            Driver.Dispose();
            try
            {
                Directory.Delete(_profile, recursive: true);
            }
            catch (IOException)
            {
                // chromium may still be closing a file of its profile; the temporary directory is the OS's to clean
            }
        }
    }
}
