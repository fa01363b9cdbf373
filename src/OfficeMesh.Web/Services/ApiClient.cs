using System.Net;
using System.Net.Http.Headers;
using System.Net.Http.Json;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace OfficeMesh.Web.Services;

/// <summary>
/// The one client of /api/v1 (same origin, through the gateway). It sends the bearer token and
/// <c>Accept-Language: zh-CN</c>, turns RFC 9457 problem details into <see cref="ApiException"/>
/// with a Chinese message and per-field messages, and on 401 sends the person back to sign in.
/// </summary>
public sealed class ApiClient(HttpClient http, AuthState auth)
{
    public static readonly JsonSerializerOptions Json = new(JsonSerializerDefaults.Web)
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        TypeInfoResolver = WebJson.Resolver,
    };

    public async Task<Session> SignInAsync(string username, string password)
    {
        using var request = Request(HttpMethod.Post, "auth/token", new SignInRequest(username, password), authorize: false);
        var token = await SendAsync<TokenResponse>(request, signingIn: true);
        var session = new Session(token.AccessToken, token.ExpiresAt, token.Username, token.UnitCode, null, token.Roles);
        if (token.UnitCode is null)
            return session;
        using var unitRequest = Request(HttpMethod.Get, $"units/{Uri.EscapeDataString(token.UnitCode)}", null, authorize: false);
        unitRequest.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token.AccessToken);
        var unit = await SendAsync<UnitView>(unitRequest, signingIn: true);
        return session with { UnitName = unit.Name };
    }

    public async Task<T> GetAsync<T>(string path)
    {
        using var request = Request(HttpMethod.Get, path, null);
        return await SendAsync<T>(request);
    }

    /// <param name="idempotencyKey">For creates: a retry with the same key creates nothing new.</param>
    public async Task<T> PostAsync<T>(string path, object body, string? idempotencyKey = null)
    {
        using var request = Request(HttpMethod.Post, path, body);
        if (idempotencyKey is not null)
            request.Headers.Add("Idempotency-Key", idempotencyKey);
        return await SendAsync<T>(request);
    }

    public async Task<T> PutAsync<T>(string path, object body)
    {
        using var request = Request(HttpMethod.Put, path, body);
        return await SendAsync<T>(request);
    }

    /// <summary>A document or spreadsheet the API offers, with the (Chinese) file name of its Content-Disposition.</summary>
    public async Task<FileDownload> DownloadAsync(string path)
    {
        using var request = Request(HttpMethod.Get, path, null);
        using var response = await SendRawAsync(request);
        var disposition = response.Content.Headers.ContentDisposition;
        var name = disposition?.FileNameStar ?? disposition?.FileName?.Trim('"') ?? path.Split('?')[0].Split('/')[^1];
        return new FileDownload(name, response.Content.Headers.ContentType?.MediaType ?? "application/octet-stream",
            await response.Content.ReadAsByteArrayAsync());
    }

    /// <summary>A query string from the values given, leaving out empty ones.</summary>
    public static string Query(string path, params (string Name, string? Value)[] parameters)
    {
        var given = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return given.Count == 0 ? path : $"{path}?{string.Join('&', given)}";
    }

    private HttpRequestMessage Request(HttpMethod method, string path, object? body, bool authorize = true)
    {
        var request = new HttpRequestMessage(method, $"api/v1/{path}");
        request.Headers.AcceptLanguage.Add(new StringWithQualityHeaderValue("zh-CN"));
        if (authorize && auth.Current is { } session)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", session.AccessToken);
        if (body is not null)
            request.Content = JsonContent.Create(body, body.GetType(), options: Json);
        return request;
    }

    private async Task<T> SendAsync<T>(HttpRequestMessage request, bool signingIn = false)
    {
        using var response = await SendRawAsync(request, signingIn);
        if (response.StatusCode == HttpStatusCode.NoContent || typeof(T) == typeof(NoContent))
            return default!;
        return (await response.Content.ReadFromJsonAsync<T>(Json))!;
    }

    /// <summary>The successful response, or the problem it answered as an <see cref="ApiException"/>.</summary>
    private async Task<HttpResponseMessage> SendRawAsync(HttpRequestMessage request, bool signingIn = false)
    {
        HttpResponseMessage response;
        try
        {
            response = await http.SendAsync(request);
        }
        catch (HttpRequestException)
        {
            throw new ApiException(0, Messages.Network);
        }

        if (response.IsSuccessStatusCode)
            return response;
        using (response)
        {
            var problem = await ReadProblemAsync(response);
            var status = (int)response.StatusCode;
            if (status == StatusCodes.Unauthorized && signingIn)
                throw new ApiException(status, Messages.WrongCredentials);
            if (status == StatusCodes.Unauthorized)
            {
                await auth.ExpiredAsync();
                throw new ApiException(status, Messages.SessionExpired);
            }
            var errors = problem?.Errors?.ToDictionary(
                field => field.Key,
                field => field.Value.Select(message => Messages.Chinese(message) ?? Messages.InvalidField).ToArray(),
                StringComparer.OrdinalIgnoreCase) ?? [];
            var message = Messages.Chinese(problem?.Detail) ?? Messages.Chinese(problem?.Title) ?? Messages.ForStatus(status);
            throw new ApiException(status, message, errors);
        }
    }

    private static async Task<ProblemDocument?> ReadProblemAsync(HttpResponseMessage response)
    {
        try
        {
            return await response.Content.ReadFromJsonAsync<ProblemDocument>(Json);
        }
        catch (Exception exception) when (exception is JsonException or NotSupportedException or HttpRequestException)
        {
            return null;
        }
    }

    private sealed record ProblemDocument(string? Title, string? Detail, int? Status, Dictionary<string, string[]>? Errors);

    private static class StatusCodes
    {
        public const int Unauthorized = 401;
    }
}

/// <summary>A downloaded file: its name as the server gave it, its media type and its bytes.</summary>
public sealed record FileDownload(string FileName, string ContentType, byte[] Bytes);

/// <summary>The type to ask for when a call answers nothing worth reading (204).</summary>
public sealed record NoContent;

/// <summary>What the API refused, in Chinese: a message for the page and messages per field.</summary>
public sealed class ApiException(int status, string message, IReadOnlyDictionary<string, string[]>? errors = null) : Exception(message)
{
    /// <summary>The HTTP status, 0 when the server could not be reached.</summary>
    public int Status { get; } = status;

    public IReadOnlyDictionary<string, string[]> Errors { get; } = errors ?? new Dictionary<string, string[]>();

    /// <summary>Sending again may succeed: network, expired sign-in, server trouble.</summary>
    public bool IsTransient => Status is 0 or 401 or 408 or 429 or >= 500;

    public string? ErrorFor(string field) => Errors.TryGetValue(field, out var messages) ? string.Join("；", messages) : null;
}
