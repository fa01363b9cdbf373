using Orleans;
using Orleans.Runtime;

namespace OfficeMesh.Tests.Storage;

/// <summary>State written straight through <see cref="Orleans.Storage.IGrainStorage"/> by the contract tests.</summary>
[GenerateSerializer]
public sealed record class ContractState
{
    [Id(0)] public string Text { get; set; } = "";
    [Id(1)] public int Number { get; set; }
}

/// <summary>A state whose writes put an act on record (as an item's submission does).</summary>
[GenerateSerializer]
public sealed class AuditedContractState : OfficeMesh.Contracts.Audit.IAuditedState
{
    [Id(0)] public string Text { get; set; } = "";
    [field: NonSerialized] public OfficeMesh.Contracts.Audit.AuditEntry? AuditOnWrite { get; set; }
}

[GenerateSerializer]
public sealed class NoteState
{
    [Id(0)] public string? Text { get; set; }
}

public interface IDurableNoteGrain : IGrainWithStringKey
{
    Task SetTextAsync(string text);
    Task<string?> GetTextAsync();
    Task RegisterReminderAsync(string reminderName);
    Task<bool> HasReminderAsync(string reminderName);
}

/// <summary>A grain whose state and reminder must outlive the silo that wrote them.</summary>
public sealed class DurableNoteGrain(
    [PersistentState("note", "officemesh")] IPersistentState<NoteState> note) : Grain, IDurableNoteGrain, IRemindable
{
    public async Task SetTextAsync(string text)
    {
        note.State.Text = text;
        await note.WriteStateAsync();
    }

    public Task<string?> GetTextAsync() => Task.FromResult(note.State.Text);

    // Due far in the future: the test checks the registration survives, not that it fires.
    public Task RegisterReminderAsync(string reminderName)
        => this.RegisterOrUpdateReminder(reminderName, TimeSpan.FromHours(1), TimeSpan.FromHours(1));

    public async Task<bool> HasReminderAsync(string reminderName) => await this.GetReminder(reminderName) is not null;

    public Task ReceiveReminder(string reminderName, TickStatus status) => Task.CompletedTask;
}
