using System.Security.Claims;
using Microsoft.Extensions.Caching.Memory;
using Microsoft.Extensions.Options;
using OfficeMesh.Contracts;

namespace OfficeMesh.Api.Auth;

/// <summary>
/// Whether a valid token's account still stands behind it: not disabled, and with the security stamp the token
/// carries (a password reset, a disabling or new roles give the account a new one). The API is the judge for every
/// request, the gateway's and the token handler's caches notwithstanding: this runs after them on each request.
/// What an account says is remembered for <see cref="TokenOptions.AccountCheckInterval"/>, so a busy account costs
/// one grain call per interval per silo, and a disabled one is refused within that interval.
/// </summary>
public sealed class AccountStandings(IGrainFactory grains, IOptions<TokenOptions> options, TimeProvider clock)
{
    private readonly MemoryCache _known = new(new MemoryCacheOptions { SizeLimit = 50_000 });

    public async Task<bool> HoldsAsync(ClaimsPrincipal user)
    {
        if (user.FindFirstValue(OfficeMeshClaims.Subject) is not { } username || !Usernames.IsValid(username))
            return false;
        var standing = await StandingOfAsync(username);
        return standing is { Disabled: false } && standing.SecurityStamp == (user.FindFirstValue(OfficeMeshClaims.SecurityStamp) ?? "");
    }

    private async Task<AccountStanding?> StandingOfAsync(string username)
    {
        var now = clock.GetUtcNow();
        if (_known.TryGetValue(username, out Remembered? remembered) && remembered!.Until > now)
            return remembered.Standing;
        var standing = await grains.GetGrain<IAccountGrain>(GrainKeys.Account(username)).GetStanding();
        var until = now + options.Value.AccountCheckInterval;
        _known.Set(username, new Remembered(standing, until), new MemoryCacheEntryOptions { Size = 1, AbsoluteExpiration = until });
        return standing;
    }

    private sealed record Remembered(AccountStanding? Standing, DateTimeOffset Until);
}
