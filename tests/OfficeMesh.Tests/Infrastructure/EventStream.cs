using System.Net.Http.Headers;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace OfficeMesh.Tests.Infrastructure;

/// <summary>Reads a text/event-stream response as a duty room's screen would, one event at a time.</summary>
public sealed class EventStream : IAsyncDisposable
{
    private readonly HttpResponseMessage _response;
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<(string Event, string Data)> _events = Channel.CreateUnbounded<(string, string)>();
    private readonly Task _reading;

    private EventStream(HttpResponseMessage response)
    {
        _response = response;
        _reading = ReadAsync();
    }

    public string? MediaType => _response.Content.Headers.ContentType?.MediaType;

    public static async Task<EventStream> OpenAsync(HttpClient http, string path, string token)
    {
        var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);
        request.Headers.Accept.Add(new MediaTypeWithQualityHeaderValue("text/event-stream"));
        var response = await http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead);
        response.EnsureSuccessStatusCode();
        var stream = new EventStream(response);
        await stream.NextAsync("ready", TimeSpan.FromSeconds(10));
        return stream;
    }

    /// <summary>A stream's answer when only its status matters (an authorization table's cell): the headers are read, then it hangs up.</summary>
    public static async Task<ApiResponse> StatusAsync(ApiClient client, string path)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (client.Token is not null)
            request.Headers.Authorization = new AuthenticationHeaderValue("Bearer", client.Token);
        using var response = await client.Http.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, Xunit.TestContext.Current.CancellationToken);
        var body = response.IsSuccessStatusCode ? "" : await response.Content.ReadAsStringAsync(Xunit.TestContext.Current.CancellationToken);
        return new ApiResponse(response.StatusCode, response.Content.Headers.ContentType?.MediaType, response.Headers, body);
    }

    /// <summary>The next event of <paramref name="eventType"/>'s data as JSON; other events are skipped.</summary>
    public async Task<JsonNode?> NextAsync(string eventType, TimeSpan timeout)
    {
        using var deadline = new CancellationTokenSource(timeout);
        while (true)
        {
            var (type, data) = await _events.Reader.ReadAsync(deadline.Token);
            if (type == eventType)
                return data.Length == 0 ? null : JsonNode.Parse(data);
        }
    }

    private async Task ReadAsync()
    {
        try
        {
            using var reader = new StreamReader(await _response.Content.ReadAsStreamAsync(_stop.Token));
            string type = "message", data = "";
            while (await reader.ReadLineAsync(_stop.Token) is { } line)
            {
                if (line.Length == 0)
                {
                    await _events.Writer.WriteAsync((type, data));
                    (type, data) = ("message", "");
                }
                else if (line.StartsWith("event:", StringComparison.Ordinal)) type = line[6..].Trim();
                else if (line.StartsWith("data:", StringComparison.Ordinal)) data += line[5..].TrimStart();
            }
        }
        catch (Exception error) when (error is OperationCanceledException or IOException or HttpRequestException)
        {
        }
        finally
        {
            _events.Writer.TryComplete();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _response.Dispose();
        await _reading;
        _stop.Dispose();
    }
}
