namespace Traceability.Grains;

/// <summary>
/// A view grain's cached state: the view folded so far and the last event folded into it. Kept in
/// Orleans grain storage; the event store stays the truth, so losing it only costs a longer replay.
/// </summary>
[GenerateSerializer]
public sealed class ViewState<TView>
    where TView : class
{
    [Id(0)]
    public TView? View { get; set; }

    [Id(1)]
    public long LastSequence { get; set; }
}
