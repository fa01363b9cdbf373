using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The JSON of the pages: the web's camelCase. What signing in, the inbox and the leader's page (a
/// leader's first page) read and write is described at build time (StartupJson), the rest by reflection
/// on first use: reflection is slow in the browser's interpreted .NET, and these come before anything
/// else on screen.
/// </summary>
public static class WebJson
{
    public static readonly IJsonTypeInfoResolver Resolver =
        JsonTypeInfoResolver.Combine(StartupJson.Default, new DefaultJsonTypeInfoResolver());

    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.Web) { TypeInfoResolver = Resolver };
}

[JsonSourceGenerationOptions(JsonSerializerDefaults.Web)]
[JsonSerializable(typeof(SignInRequest))]
[JsonSerializable(typeof(TokenResponse))]
[JsonSerializable(typeof(UnitView))]
[JsonSerializable(typeof(Session))]
[JsonSerializable(typeof(Page<InboxEntry>))]
[JsonSerializable(typeof(Page<UnitView>))]
[JsonSerializable(typeof(LeaderOverviewView))]
internal sealed partial class StartupJson : JsonSerializerContext;

/// <summary>POST /api/v1/auth/token.</summary>
public sealed record SignInRequest(string Username, string Password);
