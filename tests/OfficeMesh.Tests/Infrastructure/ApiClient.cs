using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using Xunit;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>
/// Talks to OfficeMesh over HTTP the way a township's own system would: raw JSON in, raw JSON out,
/// so tests see the wire format exactly as api.md states it.
/// </summary>
public sealed class ApiClient(HttpClient http, string? token = null, string? acceptLanguage = null)
{
    public HttpClient Http => http;

    public string? Token => token;

    public ApiClient As(string accessToken) => new(http, accessToken, acceptLanguage);

    /// <summary>The same caller, sending <c>Accept-Language</c> as a browser set to <paramref name="languages"/> would.</summary>
    public ApiClient Accepting(string languages) => new(http, token, languages);

    /// <summary>The signed-in account's username, read from the token's subject.</summary>
    public string Username
    {
        get
        {
            var payload = token!.Split('.')[1].Replace('-', '+').Replace('_', '/');
            var json = Encoding.UTF8.GetString(Convert.FromBase64String(payload.PadRight(payload.Length + (4 - payload.Length % 4) % 4, '=')));
            return JsonNode.Parse(json)!["sub"]!.GetValue<string>();
        }
    }

    public async Task<ApiClient> SignInAsync(string username, string password)
    {
        var response = await SendAsync(HttpMethod.Post, "/api/v1/auth/token", new { username, password });
        response.AssertStatus(HttpStatusCode.OK);
        return As(response.Json!["accessToken"]!.GetValue<string>());
    }

    public Task<ApiResponse> GetAsync(string path) => SendAsync(HttpMethod.Get, path);

    public Task<ApiResponse> PostAsync(string path, object body, string? idempotencyKey = null) =>
        SendAsync(HttpMethod.Post, path, body, idempotencyKey);

    /// <summary>Sends a body exactly as written, for malformed or hand-made JSON.</summary>
    public Task<ApiResponse> PostRawAsync(string path, string body) =>
        SendAsync(HttpMethod.Post, path, new StringContent(body, Encoding.UTF8, "application/json"));

    public async Task<ApiResponse> SendAsync(HttpMethod method, string path, object? body = null, string? idempotencyKey = null)
    {
        using var request = new HttpRequestMessage(method, path);
        if (token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        if (acceptLanguage is not null)
            request.Headers.Add("Accept-Language", acceptLanguage);
        request.Content = body switch
        {
            null => null,
            HttpContent content => content,
            _ => JsonContent.Create(body, options: JsonSerializerOptions.Web),
        };
        using var response = await http.SendAsync(request, TestContext.Current.CancellationToken);
        var text = await response.Content.ReadAsStringAsync(TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, text);
    }
}

public sealed record ApiResponse(HttpStatusCode Status, string? MediaType, HttpResponseHeaders Headers, string Body)
{
    public JsonNode? Json => Body.Length == 0 ? null : JsonNode.Parse(Body);

    public ApiResponse AssertStatus(HttpStatusCode expected)
    {
        Assert.True(Status == expected, $"Expected {(int)expected} {expected}, got {(int)Status} {Status}: {Body}");
        return this;
    }

    /// <summary>Asserts an RFC 9457 problem with this status; for a 400, that it names <paramref name="field"/>.</summary>
    public JsonNode AssertProblem(HttpStatusCode expected, string? field = null)
    {
        AssertStatus(expected);
        Assert.Equal("application/problem+json", MediaType);
        var problem = Json!;
        Assert.Equal((int)expected, problem["status"]!.GetValue<int>());
        Assert.False(string.IsNullOrEmpty(problem["title"]?.GetValue<string>()), "A problem has a title.");
        if (field is not null)
        {
            var errors = problem["errors"]?.AsObject();
            Assert.True(errors is not null && errors.ContainsKey(field), $"Expected the problem to name '{field}': {Body}");
        }
        return problem;
    }
}
