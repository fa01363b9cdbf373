namespace OfficeMesh.Web.Services;

/// <summary>
/// What the information section and the upper offices record on an item once it was accepted:
/// forwarding upward (上报), adoptions (采用) and leaders' instructions (批示). Each answers the item.
/// </summary>
public sealed class ItemActions(ApiClient api)
{
    public Task<ItemView> GetAsync(string id) => api.GetAsync<ItemView>($"items/{Uri.EscapeDataString(id)}");

    public Task<ItemView> ReviewAsync(string id, string decision, string comment) =>
        api.PostAsync<ItemView>($"items/{Uri.EscapeDataString(id)}/reviews", new ReviewDecisionRequest(decision, comment));

    public Task<ItemView> ForwardAsync(string id, string level) =>
        api.PostAsync<ItemView>($"items/{Uri.EscapeDataString(id)}/forwards", new ForwardItemRequest(level));

    public Task<ItemView> AdoptAsync(string id, string level, string publication) =>
        api.PostAsync<ItemView>($"items/{Uri.EscapeDataString(id)}/adoptions", new AdoptionRequest(level, publication));

    public Task<ItemView> InstructAsync(string id, InstructionRequest instruction) =>
        api.PostAsync<ItemView>($"items/{Uri.EscapeDataString(id)}/instructions", instruction);
}
