using Traceability.Profiles;
using Traceability.Rules;

namespace Traceability.Grains;

/// <summary>
/// The catalogue of condition profiles (one grain, key <see cref="Key"/>): every version of every
/// profile, seeded with <see cref="DefaultProfiles"/>. Changes are serialised and durable before
/// they are answered.
/// </summary>
public interface IConditionProfilesGrain : IGrainWithStringKey
{
    /// <summary>The catalogue's one key.</summary>
    const string Key = "catalogue";

    /// <summary>The latest version of every profile, by id.</summary>
    Task<ConditionProfile[]> Latest();

    /// <summary>Version <paramref name="version"/> of a profile (0: the latest), or null.</summary>
    Task<ConditionProfile?> Find(string profileId, int version);

    /// <summary>
    /// Keeps <paramref name="candidate"/> as the next version of its profile, made by
    /// <paramref name="changedBy"/>, when the profile's latest version is <paramref name="expectedVersion"/>
    /// (0: a new profile); refused with the rule it breaks, or a stale version (ABORTED is the API's word).
    /// </summary>
    Task<ProfileChange> Change(ConditionProfile candidate, int expectedVersion, string changedBy);
}

/// <summary>The answer to a profile change: the new version, a broken rule, or the version it was not based on.</summary>
[GenerateSerializer, Immutable]
public sealed record ProfileChange(ConditionProfile? Saved, RuleViolation? Violation, int? CurrentVersion);
