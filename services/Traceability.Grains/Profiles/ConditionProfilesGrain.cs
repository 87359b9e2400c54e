using Orleans.Runtime;
using Traceability.Profiles;

namespace Traceability.Grains.Profiles;

/// <summary>The name of the grain storage provider that keeps the profile catalogue (the truth, not a cache).</summary>
public static class ProfileStorage
{
    public const string Name = "profiles";
}

/// <summary>Every version of every condition profile, in the order they were made.</summary>
[GenerateSerializer]
public sealed class ProfileCatalogue
{
    [Id(0)]
    public List<ConditionProfile> Versions { get; set; } = [];
}

/// <inheritdoc cref="IConditionProfilesGrain" />
public sealed class ConditionProfilesGrain(
    [PersistentState("catalogue", ProfileStorage.Name)] IPersistentState<ProfileCatalogue> state,
    TimeProvider time) : Grain, IConditionProfilesGrain
{
    public override async Task OnActivateAsync(CancellationToken cancellationToken)
    {
        if (state.State.Versions.Count == 0)
        {
            state.State.Versions.AddRange(DefaultProfiles.All);
            await state.WriteStateAsync(cancellationToken);
        }
    }

    public Task<ConditionProfile[]> Latest() =>
        Task.FromResult(state.State.Versions
            .GroupBy(p => p.ProfileId, StringComparer.Ordinal)
            .Select(g => g.MaxBy(p => p.Version)!)
            .OrderBy(p => p.ProfileId, StringComparer.Ordinal)
            .ToArray());

    public Task<ConditionProfile?> Find(string profileId, int version) =>
        Task.FromResult(version == 0
            ? state.State.Versions.Where(p => p.ProfileId == profileId).MaxBy(p => p.Version)
            : state.State.Versions.Find(p => p.ProfileId == profileId && p.Version == version));

    public async Task<ProfileChange> Change(ConditionProfile candidate, int expectedVersion, string changedBy)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        var current = state.State.Versions.Where(p => p.ProfileId == candidate.ProfileId).Select(p => p.Version).DefaultIfEmpty(0).Max();
        if (current != expectedVersion)
        {
            return new ProfileChange(null, null, current);
        }

        var saved = candidate with { Version = current + 1, ChangedAt = time.GetUtcNow(), ChangedBy = changedBy };
        if (ProfileRules.Check(saved) is { } violation)
        {
            return new ProfileChange(null, violation, current);
        }

        state.State.Versions.Add(saved);
        try
        {
            await state.WriteStateAsync();
        }
        catch
        {
            // Not durable, so not kept: the next read must not show a version that may be lost.
            state.State.Versions.Remove(saved);
            throw;
        }

        return new ProfileChange(saved, null, saved.Version);
    }
}
