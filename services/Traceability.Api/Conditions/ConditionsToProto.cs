using Google.Protobuf.WellKnownTypes;
using Traceability.Api.Mapping;
using Traceability.Conditions.Analysis;
using Traceability.Domain;
using Traceability.Profiles;
using V1 = Traceability.Contracts.V1;

namespace Traceability.Api.Conditions;

/// <summary>Condition assessments and profiles to protobuf messages, and profiles back. Pure.</summary>
public static class ConditionsToProto
{
    public static Duration Span(TimeSpan t) => Duration.FromTimeSpan(t);

    /// <summary>A verdict in the API's words (PASS, WARNING, FAIL).</summary>
    public static V1.Verdict Verdict(Verdict verdict) => verdict switch
    {
        Traceability.Conditions.Analysis.Verdict.Pass => V1.Verdict.Pass,
        Traceability.Conditions.Analysis.Verdict.Warning => V1.Verdict.Warning,
        _ => V1.Verdict.Fail,
    };

    /// <summary>
    /// A period's message. Without a profile nothing is judged: the verdict is left unspecified
    /// ("not judged") and the facts are still shown.
    /// </summary>
    public static V1.PeriodConditions Period(
        ConditionPeriod period,
        ConditionProfile? profile,
        PeriodAssessment assessment,
        IReadOnlyList<DataGap> siteGaps,
        IReadOnlyDictionary<SeriesKey, IReadOnlyList<(DateTimeOffset At, double Value)>>? charts)
    {
        ArgumentNullException.ThrowIfNull(period);
        ArgumentNullException.ThrowIfNull(assessment);
        ArgumentNullException.ThrowIfNull(siteGaps);
        var message = new V1.PeriodConditions
        {
            Kind = period.Kind,
            PeriodId = period.PeriodId,
            FacilityId = period.FacilityId,
            SiteId = period.SiteId,
            SiteName = period.SiteName,
            StepKind = (V1.StepKind)(period.StepKind ?? StepKind.Unspecified),
            From = ToProto.Time(period.From),
            To = ToProto.Time(period.To),
            Profile = profile is null ? null : new V1.ProfileRef { ProfileId = profile.ProfileId, Version = profile.Version, Name = profile.Name },
            Verdict = profile is null ? V1.Verdict.Unspecified : Verdict(assessment.Verdict),
        };
        message.Subjects.Add(period.Subjects);
        // Facts about a period nobody judges carry no severity: they inform, they do not fail it.
        message.Reasons.Add(assessment.Reasons.Select(r =>
        {
            var reason = Reason(r);
            reason.Severity = profile is null ? V1.Verdict.Unspecified : reason.Severity;
            return reason;
        }));
        message.Series.Add(assessment.Series.Select(s => Series(s, profile?.LimitFor(s.Series.Quantity), charts?.GetValueOrDefault(s.Series))));
        message.Gaps.Add(siteGaps.Select(Gap));
        return message;
    }

    /// <summary>Sets the report's verdict (the worst of its judged periods) and says which periods made it.</summary>
    public static void Summarise(V1.ConditionReport report)
    {
        ArgumentNullException.ThrowIfNull(report);
        var judged = report.Periods.Where(p => p.Verdict != V1.Verdict.Unspecified).ToList();
        report.Verdict = judged.Count == 0 ? V1.Verdict.Unspecified : judged.Max(p => p.Verdict);
        foreach (var period in judged.Where(p => p.Verdict != V1.Verdict.Pass))
        {
            var worst = period.Reasons.Where(r => r.Severity == period.Verdict).Select(r => r.Message).FirstOrDefault() ?? string.Empty;
            var what = period.Kind switch
            {
                V1.PeriodKind.Step => $"step {period.PeriodId} ({period.StepKind.ToString().ToLowerInvariant()})",
                V1.PeriodKind.Storage => $"storage {period.PeriodId}",
                _ => "the period",
            };
            report.Reasons.Add(new V1.VerdictReason
            {
                Severity = period.Verdict,
                Code = "period",
                Message = $"{what} at site {period.SiteId}: {period.Verdict.ToString().ToLowerInvariant()}, {period.Reasons.Count(r => r.Severity != V1.Verdict.Pass)} finding(s); {worst}",
            });
        }

        if (judged.Count == 0)
        {
            report.Reasons.Add(new V1.VerdictReason
            {
                Severity = V1.Verdict.Unspecified,
                Code = "no_profile",
                Message = "no period is judged: no condition profile applies to any of them",
            });
        }
    }

    public static V1.VerdictReason Reason(VerdictReason reason)
    {
        ArgumentNullException.ThrowIfNull(reason);
        return new V1.VerdictReason { Severity = Verdict(reason.Severity), Code = reason.Code, Message = reason.Message };
    }

    public static V1.SeriesConditions Series(SeriesAnalysis s, QuantityLimit? limit, IReadOnlyList<(DateTimeOffset At, double Value)>? points)
    {
        ArgumentNullException.ThrowIfNull(s);
        var message = new V1.SeriesConditions
        {
            Device = s.Series.Device,
            Sensor = s.Series.Sensor,
            Quantity = s.Series.Quantity,
            Unit = s.Series.Unit,
            Count = s.Count,
            First = s.First is { } first ? ToProto.Time(first) : null,
            Last = s.Last is { } last ? ToProto.Time(last) : null,
            Covered = Span(s.Covered),
            InRange = Span(s.InRange),
        };
        if (s.Min is { } min)
        {
            message.Min = min;
        }

        if (s.Max is { } max)
        {
            message.Max = max;
        }

        if (s.Mean is { } mean)
        {
            message.Mean = mean;
        }

        if (s.MeanKineticTemperature is { } mkt)
        {
            message.MeanKineticTemperature = mkt;
        }

        if (limit?.Min is { } limitMin)
        {
            message.LimitMin = limitMin;
        }

        if (limit?.Max is { } limitMax)
        {
            message.LimitMax = limitMax;
        }

        message.Excursions.Add(s.Excursions.Select(e => new V1.Excursion
        {
            Direction = e.Direction == ExcursionDirection.Above ? "above" : "below",
            Limit = e.Limit,
            Start = ToProto.Time(e.Start),
            End = ToProto.Time(e.End),
            Duration = Span(e.Duration),
            Peak = e.Peak,
            Area = e.Area,
            Readings = e.Readings,
            Open = e.Open,
        }));
        message.Gaps.Add(s.Gaps.Select(Gap));
        message.ClockProblems.Add(s.ClockProblems.Select(c => new V1.ClockProblem { Kind = c.Kind.ToString().ToLowerInvariant(), At = ToProto.Time(c.At), Detail = c.Detail }));
        if (points is not null)
        {
            message.Points.Add(points.Select(p => new V1.ChartPoint { At = ToProto.Time(p.At), Value = p.Value }));
        }

        return message;
    }

    public static V1.DataGap Gap(DataGap gap)
    {
        ArgumentNullException.ThrowIfNull(gap);
        return new V1.DataGap { From = ToProto.Time(gap.From), To = ToProto.Time(gap.To), Duration = Span(gap.Duration) };
    }

    public static V1.ConditionProfile Profile(ConditionProfile p)
    {
        ArgumentNullException.ThrowIfNull(p);
        var message = new V1.ConditionProfile
        {
            ProfileId = p.ProfileId,
            Version = p.Version,
            Name = p.Name,
            Scope = (V1.ProfileScope)p.Scope,
            StepKind = (V1.StepKind)(p.StepKind ?? StepKind.Unspecified),
            ProductGtin = p.ProductGtin ?? string.Empty,
            MinimumInRange = p.MinimumInRange is { } minimum ? Span(minimum) : null,
            MaxExcursion = Span(p.MaxExcursion),
            MaxGap = Span(p.MaxGap),
            ChangedAt = ToProto.Time(p.ChangedAt),
            ChangedBy = p.ChangedBy,
            Note = p.Note,
        };
        if (p.MaxMeanKineticTemperature is { } mkt)
        {
            message.MaxMeanKineticTemperature = mkt;
        }

        message.Limits.Add(p.Limits.Select(l =>
        {
            var limit = new V1.QuantityLimit { Quantity = l.Quantity };
            if (l.Min is { } min)
            {
                limit.Min = min;
            }

            if (l.Max is { } max)
            {
                limit.Max = max;
            }

            return limit;
        }));
        message.Species.Add(p.Species);
        return message;
    }

    /// <summary>
    /// The profile a request describes, as version 0 (the catalogue numbers it); what the request
    /// leaves out stays out, and the rules then name the missing field.
    /// </summary>
    public static ConditionProfile ProfileFrom(string profileId, V1.ConditionProfile m)
    {
        ArgumentNullException.ThrowIfNull(m);
        return new ConditionProfile(
            profileId,
            0,
            m.Name,
            (ProfileScope)m.Scope,
            m.StepKind == V1.StepKind.Unspecified ? null : (StepKind)m.StepKind,
            string.IsNullOrEmpty(m.ProductGtin) ? null : Mapping.FromProto.GtinOrRaw(m.ProductGtin),
            [.. m.Limits.Select(l => new QuantityLimit(l.Quantity, l.HasMin ? l.Min : null, l.HasMax ? l.Max : null))],
            m.MinimumInRange?.ToTimeSpan(),
            m.MaxExcursion?.ToTimeSpan() ?? TimeSpan.Zero,
            m.MaxGap?.ToTimeSpan() ?? TimeSpan.Zero,
            m.HasMaxMeanKineticTemperature ? m.MaxMeanKineticTemperature : null,
            default,
            string.Empty,
            m.Note)
        {
            Species = [.. m.Species],
        };
    }
}
