using System.Text.Json.Nodes;
using CommunityFund.Storage;

namespace CommunityFund.Tests.Records;

/// <summary>Typed records: each kind has a name and a schema version; a record is written with the version, an older
/// one is upgraded when read, and one a newer program wrote is refused instead of misread.</summary>
public class RecordTypeTests
{
    private sealed record Terms(string Name, int Sessions);

    private static readonly RecordType<Terms> Version1 = new("terms");

    private static readonly RecordType<Terms> Version2 = new("terms", 2, (version, json) =>
    {
        // Version 1 called the sessions "count".
        var node = json.AsObject();
        node["Sessions"] = node["Count"]!.GetValue<int>();
        node.Remove("Count");
        return node;
    });

    [Fact]
    public void Write_RecordsTheKindAndTheSchemaVersion()
    {
        var record = Version2.Write("yoga", "elder-care", 7, new Terms("Yoga", 8));

        Assert.Equal(("terms", "yoga", "elder-care", 7L, 2), (record.Kind, record.Key, record.Owner, record.Order, record.SchemaVersion));
        Assert.Equal(new Terms("Yoga", 8), Version2.Read(record));
    }

    [Fact]
    public void Read_UpgradesARecordOfAnOlderVersion()
    {
        var old = new LedgerDocument("terms", "yoga", null, 0, """{"Name":"Yoga","Count":8}""");

        Assert.Equal(new Terms("Yoga", 8), Version2.Read(old));
    }

    [Fact]
    public void Read_RefusesARecordANewerProgramWrote()
    {
        var newer = Version2.Write("yoga", null, 0, new Terms("Yoga", 8));

        var error = Assert.Throws<RecordSchemaException>(() => Version1.Read(newer));

        Assert.Contains("schema version 2", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Read_RefusesARecordOfAnotherKind()
    {
        var other = new RecordType<Terms>("other").Write("yoga", null, 0, new Terms("Yoga", 8));

        Assert.Throws<RecordSchemaException>(() => Version1.Read(other));
    }

    [Fact]
    public void ReadShared_ReturnsTheSameValueForTheSameStoredRecord()
    {
        var record = Version1.Write("yoga", null, 0, new Terms("Yoga", 8));

        Assert.Same(Version1.ReadShared(record), Version1.ReadShared(record with { }));
    }

    [Fact]
    public void KindNames_AreUniqueAcrossThePackages()
    {
        var kinds = new[]
        {
            typeof(CommunityFund.Economy.EconomyRecords), typeof(CommunityFund.Community.CommunityRecords),
        }
            .SelectMany(t => t.GetProperties())
            .Select(p => (string)p.PropertyType.GetProperty("Kind")!.GetValue(p.GetValue(null))!)
            .Concat(["command", "period-close"])
            .ToList();

        Assert.Equal(kinds.Count, kinds.Distinct(StringComparer.Ordinal).Count());
    }
}
