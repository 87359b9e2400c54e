using System.Globalization;
using System.Security.Cryptography;
using System.Text;
using Traceability.Contracts.V1;
using Traceability.Disclosure;
using Traceability.Events;
using LotTrace = Traceability.Views.LotTrace;
using Traceability.Web.Assets;
using Traceability.Web.DigitalLinks;

namespace Traceability.Web.Page;

/// <summary>
/// Renders the buyer's trace page: plain server-side HTML that reads fully without JavaScript,
/// one inline style sheet, inline SVG drawings, and one deferred script (the browser's verifier of
/// the proof bundle). Pure and thread-safe.
/// </summary>
public static class TracePageRenderer
{
    private static readonly CultureInfo Invariant = CultureInfo.InvariantCulture;

    /// <summary>The page's only style sheet, inlined (the first view needs no second request).</summary>
    public const string Css = """
        :root{--ink:#1d2a22;--muted:#5b6b61;--line:#d9e2dc;--green:#2f7d4f;--amber:#a86b00;--red:#b3261e;--bg:#f7f9f6}
        *{box-sizing:border-box}body{margin:0;font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,"Noto Sans",Arial,sans-serif;color:var(--ink);background:var(--bg)}
        header,main,footer{max-width:46rem;margin:0 auto;padding:0 1rem}header{padding-top:1rem}
        h1{font-size:1.5rem;line-height:1.25;margin:.25rem 0}h2{font-size:1.15rem;margin:1.5rem 0 .5rem}h3{font-size:1rem;margin:0}
        .kicker{margin:0;color:var(--muted);font-size:.9rem}.lang{float:right;font-size:.9rem}
        .stars{color:#c58a00;margin:0;font-size:1.1rem}.facts{display:grid;grid-template-columns:max-content 1fr;gap:.1rem .75rem;margin:.75rem 0}
        .facts dt{color:var(--muted)}.facts dd{margin:0}
        .banner{border-radius:.5rem;padding:.75rem 1rem;margin:1rem auto;max-width:44rem;font-weight:600}
        .banner.recall{background:var(--red);color:#fff}.banner.withdrawal,.banner.mismatch{background:#fff3cd;color:#5c3c00;border:1px solid var(--amber)}
        .banner p{margin:.25rem 0;font-weight:400}
        section{background:#fff;border:1px solid var(--line);border-radius:.75rem;padding:.25rem 1rem 1rem;margin:1rem 0}
        .map{width:100%;height:auto;max-height:22rem}.map .land{fill:#eef3ea}.map polygon{stroke:#1e5631;stroke-width:1.2;fill-opacity:.75}
        .a0{fill:#8cc084}.a1{fill:#b5d99c}.a2{fill:#6fa66a}.a3{fill:#cfe8b5}.map text{font-size:10px;text-anchor:middle;fill:#123}
        .scale line{stroke:#123;stroke-width:2}.scale text{font-size:9px}
        .areas{list-style:none;padding:0}.areas li{margin:.5rem 0;overflow:hidden}.shape{float:left;width:6.5rem;height:6.5rem;margin:0 .75rem .25rem 0}
        .shape polygon{fill:#8cc084;stroke:#1e5631;stroke-width:1.5}.shape .land{fill:#eef3ea}.shape text{font-size:9px}.map circle{fill:#2f7d4f;stroke:#fff;stroke-width:1.5}
        .timeline{list-style:none;padding:0;margin:0;border-left:3px solid var(--line)}
        .ev{position:relative;padding:.1rem 0 .9rem 1rem}.ev::before{content:"";position:absolute;left:-.5rem;top:.45rem;width:.7rem;height:.7rem;border-radius:50%;background:var(--green)}
        .ev.storage::before{background:#7a8b80}.ev time{color:var(--muted);font-size:.85rem}.ev p{margin:.1rem 0}
        .cond{margin:.35rem 0 0;padding:.35rem .5rem;border-radius:.4rem;background:var(--bg)}
        .badge{display:inline-block;font-size:.8rem;font-weight:700;padding:0 .4rem;border-radius:.3rem;color:#fff;background:var(--muted)}
        .pass .badge{background:var(--green)}.warning .badge{background:var(--amber)}.fail .badge{background:var(--red)}
        .reasons{margin:.2rem 0;padding-left:1.1rem;font-size:.9rem}.ev .person,.generalised{font-size:.85rem;color:var(--muted)}
        .chart{display:block;width:100%;max-width:20rem;height:3.5rem;margin-top:.3rem}.chart polyline{fill:none;stroke:#245;stroke-width:1.5;vector-effect:non-scaling-stroke}
        .chart .band{fill:#2f7d4f;fill-opacity:.15}.fail .chart polyline{stroke:var(--red)}.chart-note{font-size:.8rem;color:var(--muted);margin:0}
        #verification[data-state=verified]{border-color:var(--green)}#verification[data-state=failed]{border-color:var(--red)}
        #verification[data-state=verified] .v-status{color:var(--green);font-weight:700}#verification[data-state=failed] .v-status{color:var(--red);font-weight:700}
        .v-findings{font-size:.8rem;word-break:break-all}.v-findings .fail{color:var(--red)}.server{font-size:.9rem;color:var(--muted)}
        .mono{font-family:ui-monospace,monospace;font-size:.85rem;word-break:break-all}footer{color:var(--muted);font-size:.8rem;padding:1rem}
        @media print{.lang,#data,script{display:none}section{break-inside:avoid}}
        """;

    /// <summary>The Content-Security-Policy hash of <see cref="Css"/>: the page allows that style and nothing inline besides.</summary>
    public static readonly string CssHash = "sha256-" + Convert.ToBase64String(SHA256.HashData(Encoding.UTF8.GetBytes(Css)));

    /// <summary>The page's Content-Security-Policy: scripts from the server only, the one inline style, nothing framed.</summary>
    public static readonly string ContentSecurityPolicy =
        $"default-src 'none'; script-src 'self'; style-src '{CssHash}'; img-src 'self' data:; connect-src 'self'; base-uri 'none'; form-action 'none'; frame-ancestors 'none'";

    /// <summary>The trace page of a lot.</summary>
    public static string Render(TracePageData data, PageText text, string selfPath)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(text);
        var trace = data.Trace;
        var lot = trace.Lot.Record;
        var product = trace.Product?.Record;
        var productName = product is null ? lot.Gtin : text.Language == "vi" ? product.NameVi : product.NameEn;
        var html = new StringBuilder(32 * 1024);
        Head(html, text, $"{productName} · {text["lot"]} {lot.LotCode} · {text["title"]}", data.Link);

        html.Append("<header>");
        LanguageSwitch(html, text, selfPath);
        html.Append("<p class=\"kicker\">").Append(Html.Encode(text["title"])).Append("</p>");
        html.Append("<h1 id=\"product\">").Append(Html.Encode(productName)).Append("</h1>");
        if (product is not null && product.OcopStars > 0)
        {
            html.Append(Invariant, $"<p class=\"stars\" id=\"ocop\" data-stars=\"{product.OcopStars}\" aria-label=\"{Html.Encode(text["ocop"])} {product.OcopStars} {Html.Encode(text["stars"])}\">");
            html.Append(new string('★', product.OcopStars)).Append(new string('☆', Math.Max(0, 5 - product.OcopStars)));
            html.Append(" <small>").Append(Html.Encode(text["ocop"])).Append("</small></p>");
        }

        html.Append("<dl class=\"facts\">");
        Fact(html, text["lot"], lot.LotCode, "lot-code");
        Fact(html, text["gtin"], lot.Gtin, "gtin");
        if (data.Link.Serial is { } serial)
        {
            Fact(html, text["serial"], serial, "serial");
        }

        Fact(html, text["produced"], text.Date(lot.ProducedOn), "produced");
        Fact(html, text["expires"], text.Date(lot.ExpiresOn), "expires");
        Fact(html, text["net"], Mass(lot.NetMassPerUnitGrams, text), "net");
        if (trace.Facilities.FirstOrDefault(f => f.Record.FacilityId == lot.FacilityId)?.Record is { } producer)
        {
            Fact(html, text["producer"], $"{producer.Name} — {Place(producer.Commune, producer.District, producer.Province)}", "producer");
        }

        html.Append("</dl></header>");
        Banners(html, data, text);
        html.Append("<main>");
        Origin(html, trace, text);
        Timeline(html, data, text);
        Verification(html, data, text);
        Links(html, data, text);
        html.Append("</main><footer>").Append(Html.Encode(text["footer"])).Append("</footer>");
        html.Append("<script src=\"").Append(WebAssets.Url("verify.js")).Append("\" defer></script></body></html>");
        return html.ToString();
    }

    /// <summary>The page for a code that names no lot here, or that is no Digital Link of a lot.</summary>
    public static string RenderProblem(PageText text, bool malformed, string detail, string selfPath)
    {
        ArgumentNullException.ThrowIfNull(text);
        var html = new StringBuilder(4096);
        var title = text[malformed ? "malformed-title" : "not-found-title"];
        Head(html, text, $"{title} · {text["title"]}", null);
        html.Append("<header>");
        LanguageSwitch(html, text, selfPath);
        html.Append("<p class=\"kicker\">").Append(Html.Encode(text["title"])).Append("</p>");
        html.Append("<h1 id=\"problem\" data-problem=\"").Append(malformed ? "malformed" : "not-found").Append("\">").Append(Html.Encode(title)).Append("</h1></header><main><section><p id=\"problem-detail\">");
        html.Append(Html.Encode(detail)).Append("</p></section></main><footer>").Append(Html.Encode(text["footer"])).Append("</footer></body></html>");
        return html.ToString();
    }

    private static void Head(StringBuilder html, PageText text, string title, DigitalLinkPath? link)
    {
        html.Append("<!doctype html><html lang=\"").Append(text.Language).Append("\"><head><meta charset=\"utf-8\">");
        html.Append("<meta name=\"viewport\" content=\"width=device-width,initial-scale=1\"><meta name=\"referrer\" content=\"no-referrer\"><link rel=\"icon\" href=\"data:,\">");
        html.Append("<title>").Append(Html.Encode(title)).Append("</title>");
        if (link is not null)
        {
            var path = Html.Encode(link.LotPath);
            html.Append("<link rel=\"alternate\" type=\"application/json\" href=\"").Append(path).Append("?linkType=gs1:traceability\">");
            html.Append("<link rel=\"alternate\" type=\"application/ld+json\" href=\"").Append(path).Append("?linkType=gs1:epcis\">");
        }

        html.Append("<style>").Append(Css).Append("</style></head><body>");
    }

    private static void LanguageSwitch(StringBuilder html, PageText text, string selfPath)
    {
        var other = text.Other;
        html.Append("<a class=\"lang\" id=\"lang-switch\" href=\"").Append(Html.Encode(WithLang(selfPath, other.Language)))
            .Append("\" hreflang=\"").Append(other.Language).Append("\" lang=\"").Append(other.Language).Append("\">")
            .Append(Html.Encode(text["switch"])).Append("</a>");
    }

    /// <summary><paramref name="pathAndQuery"/> with its <c>lang</c> parameter set to <paramref name="language"/>.</summary>
    internal static string WithLang(string pathAndQuery, string language)
    {
        var cut = pathAndQuery.IndexOf('?', StringComparison.Ordinal);
        var path = cut < 0 ? pathAndQuery : pathAndQuery[..cut];
        var kept = cut < 0 ? [] : pathAndQuery[(cut + 1)..].Split('&', StringSplitOptions.RemoveEmptyEntries)
            .Where(p => !p.StartsWith("lang=", StringComparison.Ordinal) && p != "lang");
        return $"{path}?{string.Join('&', kept.Append($"lang={language}"))}";
    }

    private static void Fact(StringBuilder html, string term, string value, string id) =>
        html.Append("<dt>").Append(Html.Encode(term)).Append("</dt><dd id=\"").Append(id).Append("\">").Append(Html.Encode(value)).Append("</dd>");

    private static void Banners(StringBuilder html, TracePageData data, PageText text)
    {
        foreach (var recall in data.Trace.Recalls)
        {
            var r = recall.Record;
            var kind = r.Kind == Events.RecallKind.Recall ? "recall" : "withdrawal";
            html.Append("<div class=\"banner ").Append(kind).Append("\" id=\"").Append(kind).Append("\" role=\"alert\">").Append(Html.Encode(text[kind]));
            html.Append("<p>").Append(Html.Encode(text["reason"])).Append(": ").Append(Html.Encode(r.Reason)).Append("</p>");
            html.Append("<p>").Append(Html.Encode(text["decided"])).Append(' ').Append(Html.Encode(text.DateOf(r.DecidedAt))).Append("</p></div>");
        }

        var lot = data.Trace.Lot.Record;
        if (data.Link.ExpiresOn is { } printed && printed != lot.ExpiresOn)
        {
            html.Append("<div class=\"banner mismatch\" id=\"expiry-mismatch\" role=\"alert\">")
                .Append(Html.Encode(text.Format("expiry-mismatch", text.Date(printed), text.Date(lot.ExpiresOn)))).Append("</div>");
        }
    }

    private static void Origin(StringBuilder html, LotTrace trace, PageText text)
    {
        html.Append("<section id=\"origin\"><h2>").Append(Html.Encode(text["origin"])).Append("</h2>");
        if (trace.Areas.Length > 1)
        {
            Svg.Overview(html, trace.Areas, text);
        }

        html.Append("<ul class=\"areas\">");
        foreach (var view in trace.Areas)
        {
            var area = view.Record;
            html.Append("<li data-area=\"").Append(Html.Encode(area.AreaCode)).Append("\">");
            Svg.Shape(html, area, text);
            html.Append("<strong>").Append(Html.Encode(area.Name)).Append("</strong> — ");
            html.Append(Html.Encode(Place(area.Commune, area.District, area.Province)));
            if (Disclosures.IsWithheld(area.OutlineDisclosure))
            {
                html.Append("<br><small class=\"generalised\">").Append(Html.Encode(text["outline-generalised"])).Append("</small>");
            }
            if (area.Species.Length > 0)
            {
                html.Append("<br>").Append(Html.Encode(text["species"])).Append(": <i>").Append(Html.Encode(string.Join(", ", area.Species))).Append("</i>");
            }

            if (area.Certifications.Length > 0)
            {
                html.Append("<br>").Append(Html.Encode(text["certifications"])).Append(": ")
                    .Append(Html.Encode(string.Join(", ", area.Certifications.Select(text.Certification))));
            }

            html.Append("</li>");
        }

        html.Append("</ul></section>");
    }

    private static void Timeline(StringBuilder html, TracePageData data, PageText text)
    {
        var trace = data.Trace;
        var sites = trace.Sites.ToDictionary(s => s.Record.SiteId, s => s.Record, StringComparer.Ordinal);
        var facilities = trace.Facilities.ToDictionary(f => f.Record.FacilityId, f => f.Record, StringComparer.Ordinal);
        var areas = trace.Areas.ToDictionary(a => a.Record.AreaCode, a => a.Record, StringComparer.Ordinal);
        var periods = data.Conditions?.Periods.Where(p => p.PeriodId.Length > 0).GroupBy(p => p.PeriodId, StringComparer.Ordinal)
            .ToDictionary(g => g.Key, g => g.First(), StringComparer.Ordinal) ?? [];

        var entries = new List<(DateTimeOffset At, int Order, Action Write)>();
        foreach (var batch in trace.Batches.Where(b => b.Origin.AreaCode is not null))
        {
            var at = batch.Origin.HarvestedAt ?? batch.RecordedAt;
            entries.Add((at, 0, () =>
            {
                var area = areas.GetValueOrDefault(batch.Origin.AreaCode!);
                html.Append("<li class=\"ev harvest\" data-kind=\"harvest\" data-batch=\"").Append(Html.Encode(batch.BatchId)).Append("\">");
                Time(html, at, null, text);
                html.Append("<h3>").Append(Html.Encode(text["harvest"])).Append("</h3><p><i>").Append(Html.Encode(string.Join(", ", batch.Species))).Append("</i>, ")
                    .Append(Html.Encode(Mass(batch.InitialMassGrams, text))).Append(' ').Append(Html.Encode(text["from-area"])).Append(' ')
                    .Append(Html.Encode(area?.Name ?? batch.Origin.AreaCode)).Append("</p>");
                Person(html, "harvester", batch.Origin.Harvester, batch.Origin.HarvesterDisclosure, text);
                html.Append("</li>");
            }));
        }

        foreach (var view in trace.Steps)
        {
            var step = view.Record;
            entries.Add((step.StartedAt, 1, () =>
            {
                html.Append("<li class=\"ev step\" data-kind=\"").Append(step.Kind.ToString().ToLowerInvariant()).Append("\" data-step=\"").Append(Html.Encode(step.StepId)).Append("\">");
                Time(html, step.StartedAt, step.EndedAt, text);
                html.Append("<h3>").Append(Html.Encode(text.Step(step.Kind))).Append(' ').Append(Html.Encode(text["at"])).Append(' ')
                    .Append(Html.Encode(sites.GetValueOrDefault(step.SiteId)?.Name ?? step.SiteId)).Append("</h3><p>")
                    .Append(Html.Encode(facilities.GetValueOrDefault(step.FacilityId)?.Name ?? step.FacilityId)).Append(" · ")
                    .Append(Html.Encode(text["in"])).Append(' ').Append(Html.Encode(Mass(step.Inputs.Sum(i => i.MassGrams), text))).Append(", ")
                    .Append(Html.Encode(text["out"])).Append(' ').Append(Html.Encode(Mass(step.Outputs.Sum(o => o.MassGrams), text))).Append("</p>");
                Person(html, "operator", step.Operator, step.OperatorDisclosure, text);
                Conditions(html, periods.GetValueOrDefault(step.StepId), text);
                html.Append("</li>");
            }));
        }

        foreach (var view in trace.Storages)
        {
            var storage = view.Record;
            entries.Add((storage.StartedAt, 2, () =>
            {
                html.Append("<li class=\"ev storage\" data-kind=\"storage\" data-storage=\"").Append(Html.Encode(storage.StorageId)).Append("\">");
                Time(html, storage.StartedAt, storage.EndedAt, text);
                html.Append("<h3>").Append(Html.Encode(text["storage"])).Append(' ').Append(Html.Encode(text["at"])).Append(' ')
                    .Append(Html.Encode(sites.GetValueOrDefault(storage.SiteId)?.Name ?? storage.SiteId)).Append("</h3>");
                Conditions(html, periods.GetValueOrDefault(storage.StorageId), text);
                html.Append("</li>");
            }));
        }

        var lot = trace.Lot.Record;
        // Packed on its production date (the day is what the facility records; the time is when it was entered).
        var packedOn = new DateTimeOffset(lot.ProducedOn.ToDateTime(TimeOnly.MinValue), PageText.VietnamOffset);
        entries.Add((packedOn, 3, () =>
        {
            html.Append("<li class=\"ev packing\" data-kind=\"packing\"><time datetime=\"").Append(lot.ProducedOn.ToString("yyyy-MM-dd", Invariant))
                .Append("\">").Append(Html.Encode(text.Date(lot.ProducedOn))).Append("</time>");
            html.Append("<h3>").Append(Html.Encode(text["packing"])).Append(' ').Append(Html.Encode(text["at"])).Append(' ')
                .Append(Html.Encode(sites.GetValueOrDefault(lot.SiteId)?.Name ?? lot.SiteId)).Append("</h3><p>")
                .Append(Invariant, $"{lot.UnitCount.ToString("N0", text.Culture)} × {Html.Encode(Mass(lot.NetMassPerUnitGrams, text))}").Append("</p></li>");
        }));

        html.Append("<section id=\"timeline\"><h2>").Append(Html.Encode(text["timeline"])).Append("</h2><ol class=\"timeline\">");
        foreach (var entry in entries.OrderBy(e => e.At).ThenBy(e => e.Order))
        {
            entry.Write();
        }

        html.Append("</ol></section>");
    }

    /// <summary>
    /// The person behind a harvest or step: the name when its producer published it (or recorded it
    /// before names could be withheld), else only that it is withheld; nothing when none was given.
    /// </summary>
    private static void Person(StringBuilder html, string role, string? name, FieldDisclosure? disclosure, PageText text)
    {
        if (Disclosures.IsWithheld(disclosure))
        {
            html.Append("<p class=\"person withheld\" data-").Append(role).Append("=\"withheld\">").Append(Html.Encode(text[role])).Append(": <i>")
                .Append(Html.Encode(text["withheld"])).Append("</i></p>");
        }
        else if (!string.IsNullOrWhiteSpace(name))
        {
            html.Append("<p class=\"person\" data-").Append(role).Append("=\"published\">").Append(Html.Encode(text[role])).Append(": ")
                .Append(Html.Encode(name)).Append("</p>");
        }
    }

    private static void Conditions(StringBuilder html, PeriodConditions? period, PageText text)
    {
        if (period is null)
        {
            return;
        }

        var verdict = period.Verdict switch
        {
            Verdict.Pass => "pass",
            Verdict.Warning => "warning",
            Verdict.Fail => "fail",
            _ => "none",
        };
        html.Append("<div class=\"cond ").Append(verdict).Append("\" data-verdict=\"").Append(verdict).Append("\"><strong>")
            .Append(Html.Encode(text["conditions"])).Append(":</strong> <span class=\"badge\">").Append(Html.Encode(text.Verdict(period.Verdict))).Append("</span>");
        var reasons = period.Reasons.Where(r => r.Severity is Verdict.Warning or Verdict.Fail).Select(r => Reason(r, text)).Distinct().Take(3).ToList();
        if (reasons.Count > 0)
        {
            html.Append("<ul class=\"reasons\">");
            foreach (var reason in reasons)
            {
                html.Append("<li>").Append(Html.Encode(reason)).Append("</li>");
            }

            html.Append("</ul>");
        }

        Svg.Chart(html, period, text);
        html.Append("</div>");
    }

    /// <summary>A verdict reason in the page's language: the analysis' codes in Vietnamese, its own English message otherwise.</summary>
    private static string Reason(VerdictReason reason, PageText text) => text.Language != "vi" ? reason.Message : reason.Code switch
    {
        "excursion" => "Có lúc vượt giới hạn cho phép",
        "too_short" => "Thời gian trong giới hạn ngắn hơn yêu cầu",
        "gap" => "Có khoảng thời gian thiếu số liệu cảm biến",
        "clock" => "Đồng hồ thiết bị đo không ổn định",
        "no_readings" => "Không có số liệu cảm biến",
        "mkt" => "Nhiệt độ động học trung bình vượt giới hạn",
        _ => reason.Message,
    };

    private static void Verification(StringBuilder html, TracePageData data, PageText text)
    {
        var lot = data.Trace.Lot.Record;
        var proof = $"/v1/lots/{lot.Gtin}/{DigitalLinkPath.Escape(lot.LotCode)}/proof";
        var server = data.Server;
        html.Append("<section id=\"verification\" data-state=\"pending\" data-proof=\"").Append(Html.Encode(proof))
            .Append("\" data-key=\"").Append(Html.Encode(data.VerifierKey)).Append("\"><h2>").Append(Html.Encode(text["verification"])).Append("</h2><p>")
            .Append(Html.Encode(text["verification-intro"])).Append("</p><p class=\"v-status\">").Append(Html.Encode(text["verification-pending"])).Append("</p>")
            .Append("<details class=\"v-details\"><summary>").Append(Html.Encode(text["verification-details"])).Append("</summary><ul class=\"v-findings\"></ul></details>");
        html.Append("<p class=\"server\" id=\"server-verdict\" data-verified=\"").Append(server.Verified ? "true" : "false").Append("\"><strong>")
            .Append(Html.Encode(text["server-verdict"])).Append(":</strong> ").Append(Html.Encode(text[server.Verified ? "server-verified" : "server-failed"]))
            .Append(Invariant, $" ({server.Events} EPCIS, {Html.Encode(text["server-checked-at"])} {Html.Encode(text.Time(server.CheckedAt))}). ");
        if (server.Anchor is { } anchor)
        {
            html.Append("<span id=\"anchor\" data-anchored=\"true\">").Append(Html.Encode(text["anchored"])).Append(Invariant, $": {Html.Encode(text["chain"])} {anchor.ChainId}, {Html.Encode(text["block"])} {anchor.BlockNumber}, ")
                .Append("<span class=\"mono\">").Append(Html.Encode(anchor.TransactionHash)).Append("</span>, ").Append(Html.Encode(text.Time(anchor.AnchoredAt))).Append(".</span>");
        }
        else
        {
            html.Append("<span id=\"anchor\" data-anchored=\"false\">").Append(Html.Encode(text["not-anchored"])).Append(".</span>");
        }

        html.Append("</p></section>");
    }

    private static void Links(StringBuilder html, TracePageData data, PageText text)
    {
        var path = Html.Encode(data.Link.LotPath);
        var lot = data.Trace.Lot.Record;
        html.Append("<section id=\"data\"><h2>").Append(Html.Encode(text["data"])).Append("</h2><ul>")
            .Append("<li><a href=\"").Append(path).Append("?linkType=gs1:traceability\" type=\"application/json\">JSON</a></li>")
            .Append("<li><a href=\"").Append(path).Append("?linkType=gs1:epcis\" type=\"application/ld+json\">EPCIS 2.0 JSON-LD</a></li>")
            .Append("<li><a href=\"/v1/lots/").Append(lot.Gtin).Append('/').Append(Html.Encode(DigitalLinkPath.Escape(lot.LotCode))).Append("/proof\" download>")
            .Append(Html.Encode(text["proof"])).Append("</a></li></ul></section>");
    }

    private static void Time(StringBuilder html, DateTimeOffset from, DateTimeOffset? to, PageText text)
    {
        html.Append("<time datetime=\"").Append(from.ToString("O", Invariant)).Append("\">").Append(Html.Encode(text.Time(from)));
        if (to is { } end)
        {
            html.Append(" – ").Append(Html.Encode(end.ToOffset(PageText.VietnamOffset).Date == from.ToOffset(PageText.VietnamOffset).Date
                ? end.ToOffset(PageText.VietnamOffset).ToString("t", text.Culture)
                : text.Time(end)));
        }

        html.Append("</time>");
    }

    private static string Mass(long grams, PageText text) => grams >= 10_000
        ? string.Create(text.Culture, $"{grams / 1000.0:#,0.#} kg")
        : string.Create(text.Culture, $"{grams:#,0} g");

    private static string Place(params string[] parts) => string.Join(", ", parts.Where(p => !string.IsNullOrWhiteSpace(p)));
}
