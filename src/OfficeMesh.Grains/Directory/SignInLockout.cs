namespace OfficeMesh.Grains.Directory;

/// <summary>
/// How failed sign-ins lock an account (api.md: 5 failures in 15 minutes lock it for 15 minutes, whatever the
/// address). Configured under <c>OfficeMesh:SignIn</c>, so tests can shorten the lock.
/// </summary>
public sealed class SignInLockoutOptions
{
    public int MaxFailures { get; set; } = 5;
    public TimeSpan FailureWindow { get; set; } = TimeSpan.FromMinutes(15);
    public TimeSpan LockDuration { get; set; } = TimeSpan.FromMinutes(15);
}

/// <summary>The lockout rule on its own: which failures still count, and when they lock.</summary>
public static class SignInLockout
{
    /// <summary>The failures still inside the window at <paramref name="now"/>, with the new one added.</summary>
    public static List<DateTimeOffset> AddFailure(IEnumerable<DateTimeOffset> failures, DateTimeOffset now, SignInLockoutOptions options) =>
        [.. failures.Where(at => now - at < options.FailureWindow), now];

    /// <summary>When the account unlocks, if these failures lock it; null if they do not.</summary>
    public static DateTimeOffset? LockedUntil(IReadOnlyList<DateTimeOffset> failures, DateTimeOffset now, SignInLockoutOptions options) =>
        failures.Count(at => now - at < options.FailureWindow) >= options.MaxFailures ? now + options.LockDuration : null;
}
