using Microsoft.Playwright;

namespace OfficeMesh.Benchmarks;

/// <summary>
/// Times what a person waits for on the page's own clock. Playwright's waits poll (at 0, 20, 50, 100 and 100 ms, then
/// every 500 ms), so a stopwatch around them notices a change up to half a second late, later still when the page's
/// thread is idle. Each tab gets a script at document start that, once armed, checks on every animation frame whether
/// the elements awaited are there and visible, and notes the time it finds them; a click is noted by its event's time. Both
/// are <c>performance.now()</c> of the document: from the navigation's start for a page's load.
/// </summary>
public static class PageClock
{
    private const string Script = """
        (() => {
          const clock = { clickedAt: null, ready: null };
          const visible = element => element && !element.disabled && element.getClientRects().length > 0
            && getComputedStyle(element).visibility !== "hidden";
          clock.arm = selectors => {
            clock.ready = new Promise(resolve => {
              // performance.now(), not the frame's own time: after a long task that time is from before the task.
              const check = () => selectors.every(s => visible(document.querySelector(s))) ? resolve(performance.now()) : requestAnimationFrame(check);
              requestAnimationFrame(check);
            });
          };
          addEventListener("click", event => { if (event.isTrusted) clock.clickedAt = event.timeStamp; }, true);
          globalThis.__officeMeshClock = clock;
        })();
        """;

    /// <summary>Every page of <paramref name="context"/> carries the clock; call before its first page opens.</summary>
    public static Task InstallAsync(IBrowserContext context) => context.AddInitScriptAsync(Script);

    /// <summary>From now on, the first frame in which every one of <paramref name="selectors"/> shows is noted.</summary>
    public static Task ArmAsync(IPage page, params string[] selectors) =>
        page.EvaluateAsync("selectors => __officeMeshClock.arm(selectors)", selectors);

    /// <summary>The armed elements' frame on the page's clock (from the navigation's start).</summary>
    public static Task<double> ShownAtAsync(IPage page) => page.EvaluateAsync<double>("() => __officeMeshClock.ready");

    /// <summary>From the last click to the armed elements' frame.</summary>
    public static Task<double> SinceClickAsync(IPage page) =>
        page.EvaluateAsync<double>("async () => (await __officeMeshClock.ready) - __officeMeshClock.clickedAt");
}
