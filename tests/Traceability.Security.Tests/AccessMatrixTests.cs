using Traceability.Security.Policy;
using Traceability.Security.Principals;

namespace Traceability.Security.Tests;

/// <summary>
/// Every role against every kind of operation, on facility F1 (in Kon Tum, district Đăk Glei)
/// and on the device's own readings topic. The table is the specification docs/security.md
/// prints.
/// </summary>
public sealed class AccessMatrixTests
{
    private static readonly Region F1Place = new("Kon Tum", "Đăk Glei");

    private static readonly (string Name, Principal? Principal)[] Callers =
    [
        ("public", null),
        ("admin", Principal.ForAdmin("root")),
        ("operator F1", Principal.ForOperator("op-1", "F1")),
        ("operator F2", Principal.ForOperator("op-2", "F2")),
        ("inspector", Principal.ForInspector("national")),
        ("inspector Kon Tum", Principal.ForInspector("kt", new Region("Kon Tum"))),
        ("inspector Gia Lai", Principal.ForInspector("gl", new Region("Gia Lai"))),
        ("device F1/S1/D1", Principal.ForDevice("gw", "F1", "S1", "D1")),
    ];

    // Columns in the order of Callers: public, admin, operator F1, operator F2, inspector,
    // inspector Kon Tum, inspector Gia Lai, device F1/S1/D1.
    private static readonly Dictionary<OperationKind, string> Matrix = new()
    {
        [OperationKind.Health] = "YYYYYYYY",
        [OperationKind.PublicTrace] = "YYYYYYYY",
        [OperationKind.RegisterFacility] = "-Y------",
        [OperationKind.Capture] = "--Y-----",
        [OperationKind.ReadFacility] = "-YY-YY--",
        [OperationKind.ReadPlatform] = "-Y--YYY-",
        [OperationKind.ReadReference] = "-YYYYYY-",
        [OperationKind.ChangeConditionProfile] = "----Y---",
        [OperationKind.WriteInspectionNote] = "----YY--",
        [OperationKind.ManageDevices] = "-Y------",
        [OperationKind.ManageKeys] = "-Y------",
        [OperationKind.OperateLedger] = "-Y------",
        [OperationKind.PublishTelemetry] = "-------Y",
    };

    private static Operation OnF1(OperationKind kind, RecordKind record = RecordKind.Harvest) => kind switch
    {
        OperationKind.Capture => Operation.Capture(record, "F1"),
        OperationKind.ReadFacility => Operation.ReadFacility("F1", F1Place),
        OperationKind.WriteInspectionNote => Operation.WriteInspectionNote("F1", F1Place),
        OperationKind.PublishTelemetry => Operation.Publish("ocop/F1/S1/D1/readings"),
        _ => new Operation(kind),
    };

    public static TheoryData<OperationKind, int> Cells()
    {
        var cells = new TheoryData<OperationKind, int>();
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            for (var column = 0; column < Callers.Length; column++)
            {
                cells.Add(kind, column);
            }
        }

        return cells;
    }

    [Theory]
    [MemberData(nameof(Cells))]
    public void EachRoleMayDoExactlyWhatTheMatrixSays(OperationKind kind, int column)
    {
        var (name, principal) = Callers[column];
        var expected = Matrix[kind][column] == 'Y';

        var decision = AccessPolicy.Decide(principal, OnF1(kind));

        Assert.True(expected == decision.Allowed, $"{name} on {kind}: expected {(expected ? "allowed" : "denied")}, got '{decision.Reason}'");
    }

    public static TheoryData<RecordKind> RecordKinds() => new(Enum.GetValues<RecordKind>());

    [Theory]
    [MemberData(nameof(RecordKinds))]
    public void EachRecordKindIsCapturedByItsFacilitysOperatorOnly(RecordKind record)
    {
        for (var column = 0; column < Callers.Length; column++)
        {
            var decision = AccessPolicy.Decide(Callers[column].Principal, OnF1(OperationKind.Capture, record));

            Assert.Equal(Callers[column].Name == "operator F1", decision.Allowed);
        }
    }

    [Fact]
    public void TheMatrixCoversEveryOperationKind()
    {
        Assert.Equal(Enum.GetValues<OperationKind>().Order(), Matrix.Keys.Order());
        Assert.All(Matrix.Values, row => Assert.Equal(Callers.Length, row.Length));
    }

    [Fact]
    public void EveryDecisionGivesAReasonNamingWhoMay()
    {
        foreach (var kind in Enum.GetValues<OperationKind>())
        {
            foreach (var (_, principal) in Callers)
            {
                var decision = AccessPolicy.Decide(principal, OnF1(kind));
                Assert.Contains(AccessPolicy.WhoMay(OnF1(kind)), decision.Reason, StringComparison.Ordinal);
            }
        }
    }

    [Fact]
    public void ADenialOfThePublicAsksForCredentials()
    {
        var decision = AccessPolicy.Decide(null, Operation.Capture(RecordKind.Lot, "F1"));

        Assert.False(decision.Allowed);
        Assert.Equal("credentials required: only the operator of facility F1 may record its lots", decision.Reason);
    }

    [Fact]
    public void ADenialNamesTheCallerAndWhoMay()
    {
        var decision = AccessPolicy.Decide(Principal.ForOperator("op-2", "F2"), Operation.Capture(RecordKind.Storage, "F1"));

        Assert.Equal("operator:op-2 may not: only the operator of facility F1 may record its storage periods", decision.Reason);
    }
}
