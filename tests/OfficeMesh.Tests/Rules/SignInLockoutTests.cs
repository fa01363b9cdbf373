using OfficeMesh.Grains.Directory;
using Xunit;

namespace OfficeMesh.Tests.Rules;

public sealed class SignInLockoutTests
{
    private static readonly SignInLockoutOptions Options = new();
    private static readonly DateTimeOffset Start = new(2026, 3, 2, 9, 0, 0, TimeSpan.FromHours(8));

    [Fact]
    public void Five_failures_within_fifteen_minutes_lock_for_fifteen_minutes()
    {
        var failures = new List<DateTimeOffset>();
        for (var minute = 0; minute < 5; minute++)
        {
            var at = Start.AddMinutes(minute * 3);
            failures = SignInLockout.AddFailure(failures, at, Options);
            Assert.Equal(minute < 4 ? null : at.AddMinutes(15), SignInLockout.LockedUntil(failures, at, Options));
        }
    }

    [Fact]
    public void Failures_older_than_the_window_no_longer_count()
    {
        var failures = new List<DateTimeOffset>();
        for (var i = 0; i < 4; i++)
            failures = SignInLockout.AddFailure(failures, Start.AddMinutes(i), Options);
        var later = Start.AddMinutes(16);
        failures = SignInLockout.AddFailure(failures, later, Options);
        Assert.Null(SignInLockout.LockedUntil(failures, later, Options));
        Assert.Equal(3, failures.Count);
    }
}
