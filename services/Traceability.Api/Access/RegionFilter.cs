using System.Collections;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Traceability.Security.Principals;

namespace Traceability.Api.Access;

/// <summary>
/// Keeps a platform-wide listing within a regionally scoped inspector's region: every element of a
/// repeated message field that names a <c>facility_id</c> is removed unless that facility lies in
/// the region (a facility of unknown place lies in none). Elements that name no facility (totals,
/// counters) stay.
/// </summary>
public sealed class RegionFilter(RecordOwners owners)
{
    public async Task KeepWithinAsync(IMessage message, Region region)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(region);
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            if (!field.IsRepeated || field.FieldType != FieldType.Message || field.MessageType.FindFieldByName("facility_id") is not { } facilityField)
            {
                continue;
            }

            var list = (IList)field.Accessor.GetValue(message);
            for (var i = list.Count - 1; i >= 0; i--)
            {
                var facility = facilityField.Accessor.GetValue((IMessage)list[i]!) as string;
                if (!region.Covers(await owners.RegionAsync(facility).ConfigureAwait(false)))
                {
                    list.RemoveAt(i);
                }
            }
        }
    }
}
