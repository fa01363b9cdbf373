namespace OfficeMesh.Web.Services;

/// <summary>督查督办: the county's cases (督办台账), opening one, each case's life and what its units and the office do with it.</summary>
public sealed class SupervisionService(ApiClient api)
{
    public async Task<IReadOnlyList<CaseListEntry>> CasesAsync(CaseFilter filter)
    {
        var cases = new List<CaseListEntry>();
        string? cursor = null;
        do
        {
            var page = await api.GetAsync<Page<CaseListEntry>>(ApiClient.Query("cases", FilterQuery(filter, ("limit", "500"), ("cursor", cursor))));
            cases.AddRange(page.Items);
            cursor = page.NextCursor;
        }
        while (cursor is not null);
        return cases;
    }

    /// <summary>The 督办台账 spreadsheet with the same filters as the list.</summary>
    public static string LedgerExport(CaseFilter filter) => ApiClient.Query("cases/export", FilterQuery(filter));

    public static string Notice(string caseId, string kind) => $"cases/{Uri.EscapeDataString(caseId)}/notice?kind={kind}";

    public Task<CaseView> CaseAsync(string id) => api.GetAsync<CaseView>(Path(id));

    /// <summary>The date the server's work calendar gives a case opened now with this many working days.</summary>
    public Task<WorkingDaysDeadline> DeadlineAfterAsync(int workingDays) =>
        api.GetAsync<WorkingDaysDeadline>(ApiClient.Query("calendar/working-days", ("days", workingDays.ToString())));

    public Task<CaseView> OpenAsync(OpenCaseRequest request, string idempotencyKey) => api.PostAsync<CaseView>("cases", request, idempotencyKey);

    public Task<CaseView> ReportProgressAsync(string id, ProgressRequest request) => api.PostAsync<CaseView>($"{Path(id)}/progress", request);

    public Task<CaseView> SubmitResultAsync(string id, string text) => api.PostAsync<CaseView>($"{Path(id)}/result", new { text });

    public Task<CaseView> ReturnResultAsync(string id, string reason) => api.PostAsync<CaseView>($"{Path(id)}/result/return", new { reason });

    public Task<CaseView> CloseAsync(string id) => api.PostAsync<CaseView>($"{Path(id)}/close", new { });

    public Task<CaseView> RequestExtensionAsync(string id, ExtensionRequest request) => api.PostAsync<CaseView>($"{Path(id)}/extensions", request);

    public Task<CaseView> DecideExtensionAsync(string id, ExtensionDecision decision) =>
        api.PostAsync<CaseView>($"{Path(id)}/extensions/decision", decision);

    /// <summary>批示件: the instructions waiting in the supervision office's inbox for a disposition (id: item/instruction).</summary>
    public async Task<IReadOnlyList<InboxEntry>> InstructionsAwaitingAsync() =>
        (await api.GetAsync<Page<InboxEntry>>("inbox")).Items.Where(entry => entry.Type == "instruction").ToList();

    /// <summary>The urgings (催办) of cases waiting in the caller's unit inbox, newest first.</summary>
    public async Task<IReadOnlyList<InboxEntry>> UrgingsAsync() =>
        (await api.GetAsync<Page<InboxEntry>>("inbox")).Items.Where(IsCaseUrging).OrderByDescending(entry => entry.Since).ToList();

    /// <summary>An urging of a case (its detail reads "overdue: case id"), not of a coordination; its id is the case's id and the urging's slot.</summary>
    public static bool IsCaseUrging(InboxEntry entry) => entry.Type == "urging" && entry.Detail?.Contains(": case ", StringComparison.Ordinal) == true;

    public Task<ItemView> DisposeAsync(string itemId, string instructionId, DispositionRequest request) =>
        api.PostAsync<ItemView>($"items/{Uri.EscapeDataString(itemId)}/instructions/{Uri.EscapeDataString(instructionId)}/disposition", request);

    private static string Path(string id) => $"cases/{Uri.EscapeDataString(id)}";

    private static (string, string?)[] FilterQuery(CaseFilter filter, params (string, string?)[] more) =>
        [("unit", filter.Unit), ("status", filter.Status), ("light", filter.Light), ("source", filter.Source), ("leader", filter.Leader), .. more];
}
