using System.Collections;
using CommunityFund.Storage;

namespace CommunityFund.Economy;

/// <summary>
/// Documents already written followed by values encoded only when read, one at a time: a store that writes them in
/// chunks (the EF store) then holds one chunk's JSON rather than every value's at once (a recorded match of 100,000
/// rows writes 100,000 match records; their JSON was about 90 MB held together).
/// </summary>
/// <typeparam name="T">The type of the values.</typeparam>
internal sealed class DocumentsEncodedOnRead<T>(IReadOnlyList<LedgerDocument> written, IReadOnlyList<T> values, Func<T, LedgerDocument> encode)
    : IReadOnlyList<LedgerDocument>
{
    public int Count => written.Count + values.Count;

    public LedgerDocument this[int index] => index < written.Count ? written[index] : encode(values[index - written.Count]);

    public IEnumerator<LedgerDocument> GetEnumerator()
    {
        for (var i = 0; i < Count; i++)
        {
            yield return this[i];
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();
}
