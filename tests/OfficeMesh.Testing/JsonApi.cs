using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace OfficeMesh.Testing;

/// <summary>
/// The few calls a program driving OfficeMesh over HTTP needs: sign in, send JSON with a bearer token.
/// Failures are plain exceptions carrying the response, so any caller (test or benchmark) can use it.
/// </summary>
public static class JsonApi
{
    public static async Task<(HttpStatusCode Status, JsonNode? Json)> SendAsync(
        HttpClient http, HttpMethod method, string path, string? token, object? body = null, CancellationToken cancellationToken = default)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (body is not null)
            request.Content = JsonContent.Create(body, options: JsonSerializerOptions.Web);
        using var response = await http.SendAsync(request, cancellationToken);
        var text = await response.Content.ReadAsStringAsync(cancellationToken);
        return (response.StatusCode, text.Length == 0 ? null : JsonNode.Parse(text));
    }

    /// <summary>Sends and returns the JSON answer, or throws when the status is not <paramref name="expected"/>.</summary>
    public static async Task<JsonNode?> ExpectAsync(
        HttpClient http, HttpMethod method, string path, string? token, object? body, HttpStatusCode expected, CancellationToken cancellationToken = default)
    {
        var (status, json) = await SendAsync(http, method, path, token, body, cancellationToken);
        return status == expected
            ? json
            : throw new InvalidOperationException($"{method} {path}: expected {(int)expected}, got {(int)status}: {json?.ToJsonString()}");
    }

    /// <summary>Signs in and returns the access token.</summary>
    public static async Task<string> SignInAsync(HttpClient http, string username, string password, CancellationToken cancellationToken = default)
    {
        var json = await ExpectAsync(http, HttpMethod.Post, "/api/v1/auth/token", null, new { username, password }, HttpStatusCode.OK, cancellationToken);
        return json!["accessToken"]!.GetValue<string>();
    }
}
