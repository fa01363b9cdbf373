using Microsoft.AspNetCore.Components;

namespace OfficeMesh.Web.Services;

/// <summary>Who is signed in, in this browser tab.</summary>
public sealed record Session(
    string AccessToken,
    DateTimeOffset ExpiresAt,
    string Username,
    string? UnitCode,
    string? UnitName,
    IReadOnlyList<string> Roles);

/// <summary>
/// The signed-in session, kept in the tab's sessionStorage so a reload keeps it and closing the tab
/// ends it. When the API answers 401 the session is dropped and the person is sent to sign in again,
/// with a message and the page they were on, to return to it afterwards.
/// </summary>
public sealed class AuthState(BrowserStorage storage, NavigationManager navigation, TimeProvider clock)
{
    private const string StorageKey = "officemesh.session";

    public Session? Current { get; private set; }

    public event Action? Changed;

    public bool IsSignedIn => Current is not null && Current.ExpiresAt > clock.GetUtcNow();

    public bool Has(string role) => Current?.Roles.Contains(role) == true;

    public bool HasAny(IEnumerable<string> roles) => roles.Any(Has);

    public async Task RestoreAsync()
    {
        var session = await storage.GetAsync<Session>(StorageKey);
        Current = session is not null && session.ExpiresAt > clock.GetUtcNow() ? session : null;
    }

    public async Task SignInAsync(Session session)
    {
        Current = session;
        await storage.SetAsync(StorageKey, session);
        Changed?.Invoke();
    }

    public async Task SignOutAsync()
    {
        Current = null;
        await storage.RemoveAsync(StorageKey);
        Changed?.Invoke();
        navigation.NavigateTo("login");
    }

    /// <summary>The token expired or was revoked: back to sign-in, then back to this page.</summary>
    public async Task ExpiredAsync()
    {
        Current = null;
        await storage.RemoveAsync(StorageKey);
        Changed?.Invoke();
        navigation.NavigateTo(SignInUrl(navigation, SignInReason.Expired));
    }

    /// <summary>The sign-in page's address, remembering where the person was.</summary>
    public static string SignInUrl(NavigationManager navigation, string reason)
    {
        var here = "/" + navigation.ToBaseRelativePath(navigation.Uri);
        if (here.StartsWith("/login", StringComparison.Ordinal))
            return navigation.Uri;
        return $"login?reason={reason}&returnUrl={Uri.EscapeDataString(here)}";
    }
}

public static class SignInReason
{
    public const string Expired = "expired";
    public const string Required = "required";
}
