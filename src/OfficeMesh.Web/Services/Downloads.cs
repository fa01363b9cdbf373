using Microsoft.JSInterop;

namespace OfficeMesh.Web.Services;

/// <summary>
/// Every download of the workspace (the periodical's .docx, 督办通知单, the spreadsheets): fetched through
/// <see cref="ApiClient"/> with the bearer token (a plain link could not send it), then saved by the
/// browser under the Chinese file name of the response's Content-Disposition (<c>filename*</c>).
/// </summary>
public sealed class Downloads(ApiClient api, IJSRuntime js) : IAsyncDisposable
{
    private IJSObjectReference? _module;

    /// <summary>Downloads the API path (relative to /api/v1) and saves it; returns the file name.</summary>
    public async Task<string> SaveAsync(string path)
    {
        var file = await api.DownloadAsync(path);
        _module ??= await js.InvokeAsync<IJSObjectReference>("import", "./js/downloads.js");
        using var content = new DotNetStreamReference(new MemoryStream(file.Bytes));
        await _module.InvokeVoidAsync("save", file.FileName, file.ContentType, content);
        return file.FileName;
    }

    public async ValueTask DisposeAsync()
    {
        if (_module is not null)
        {
            try
            {
                await _module.DisposeAsync();
            }
            catch (JSDisconnectedException)
            {
            }
        }
    }
}
