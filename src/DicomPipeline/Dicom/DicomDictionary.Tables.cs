using System.Numerics;

namespace DicomPipeline.Dicom;

/// <summary>The built-in table, parsed: the lookups' rows and the entries made from them.</summary>
public static partial class DicomDictionary
{
    /// <summary>The parsed table.</summary>
    /// <remarks>
    /// An entry is made when first asked for: a run asks for a few hundred of the 5,129, and making them all at load was
    /// 5,129 objects (about 450 KB) that every process made at start and its first two collections copied, gen0 to gen1
    /// to gen2. Until then an entry is a row of one array (large enough for the large object heap, which collections do
    /// not copy) and a row index in the lookup by tag.
    /// </remarks>
    private sealed class Tables
    {
        private readonly Row[] rows;

        /// <summary>The entries made so far, by row; a race makes one twice and keeps the first.</summary>
        private readonly DicomDictionaryEntry?[] made;

        /// <summary>
        /// Entries with repeating digits by group (fixed groups, e.g. 0028) or by <see cref="RepeatingGroupKey"/> (50xx, 60xx,
        /// 7Fxx), each list most specific pattern first.
        /// </summary>
        private readonly Dictionary<uint, DicomDictionaryEntry[]> repeatingByGroup;

        private readonly Lazy<Dictionary<string, uint>> byKeyword;

        private Tables(Row[] rows, DicomDictionaryEntry?[] made, Dictionary<uint, int> byTag, Dictionary<uint, DicomDictionaryEntry[]> repeatingByGroup)
        {
            this.rows = rows;
            this.made = made;
            ByTag = byTag;
            this.repeatingByGroup = repeatingByGroup;
            All = new EntryList(this);
            byKeyword = new Lazy<Dictionary<string, uint>>(IndexKeywords, LazyThreadSafetyMode.ExecutionAndPublication);
        }

        /// <summary>Every entry, in table order, each made when read.</summary>
        public IReadOnlyList<DicomDictionaryEntry> All { get; }

        /// <summary>The row of each entry without repeating digits, by tag.</summary>
        public Dictionary<uint, int> ByTag { get; }

        /// <summary>The number of entries.</summary>
        public int Count => rows.Length;

        /// <summary>
        /// Keyword to tag, made on the first lookup by keyword (site rules, the CSV's columns), which most runs never
        /// make; only read after it is made, so safe for concurrent readers.
        /// </summary>
        public Dictionary<string, uint> ByKeyword => byKeyword.Value;

        /// <summary>The entry of row <paramref name="index"/>, made now if it is the first time.</summary>
        /// <remarks>Inlined: a file's de-identification asks for about 270 entries, nearly all made already.</remarks>
        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.AggressiveInlining)]
        public DicomDictionaryEntry Entry(int index) => Volatile.Read(ref made[index]) ?? Make(rows, made, index);

        /// <summary>The VR an implicit VR reader assumes for row <paramref name="index"/>, without making its entry.</summary>
        public DicomVR DefaultVR(int index) => rows[index].ValueRepresentations.DefaultVR;

        /// <summary>The keyword of row <paramref name="index"/> as the table's ASCII bytes.</summary>
        private ReadOnlySpan<byte> KeywordUtf8(int index) => DicomDictionaryEntry.LineField(rows[index].LineStart, rows[index].LineLength, 1);

        public static Tables Load()
        {
            var rows = new Row[GeneratedEntryCount];
            var count = 0;
            var byTag = new Dictionary<uint, int>(GeneratedEntryCount);
            var repeating = new List<int>();
            var vrLists = new Dictionary<string, DicomDictionaryEntry.VRList>(StringComparer.Ordinal);
            var vrListsBySpan = vrLists.GetAlternateLookup<ReadOnlySpan<char>>();
            Span<char> vrChars = stackalloc char[16];
            var table = GeneratedTable;
            for (var lineStart = 0; lineStart < table.Length;)
            {
                var lineLength = table[lineStart..].IndexOf((byte)'\n');
                if (lineLength < 0)
                {
                    lineLength = table.Length - lineStart;
                }

                var line = table.Slice(lineStart, lineLength);
                var start = lineStart;
                lineStart += lineLength + 1;
                if (line.Trim(" \r"u8).IsEmpty)
                {
                    continue;
                }

                // Only what lookups need is parsed here; the keyword, name and multiplicity stay in the line until asked for.
                var rest = line;
                var tagText = NextField(ref rest);
                NextField(ref rest);
                NextField(ref rest);
                var vrText = NextField(ref rest);
                NextField(ref rest);
                var retired = rest.Trim(" \r"u8) switch
                {
                    [(byte)'Y'] => true,
                    [(byte)'N'] => false,
                    _ => throw Corrupt(line),
                };
                if (!TryParsePattern(tagText, out var value, out var mask) || count == rows.Length || line.Length > ushort.MaxValue)
                {
                    throw Corrupt(line);
                }

                if (vrText.Length > vrChars.Length || System.Text.Ascii.ToUtf16(vrText, vrChars, out _) != System.Buffers.OperationStatus.Done)
                {
                    throw Corrupt(line);
                }

                if (!vrListsBySpan.TryGetValue(vrChars[..vrText.Length], out var vrs))
                {
                    var text = new string(vrChars[..vrText.Length]);
                    vrs = text.Length == 0
                        ? DicomDictionaryEntry.VRList.None
                        : new DicomDictionaryEntry.VRList(Array.ConvertAll(text.Split('/'), DicomVR.Parse));
                    vrLists.Add(text, vrs);
                }

                // Where the line starts in the table is where the entry reads its text fields later.
                rows[count] = new Row(value, mask, start, (ushort)line.Length, vrs, retired);
                if (mask == uint.MaxValue)
                {
                    byTag.Add(value, count);
                }
                else
                {
                    repeating.Add(count);
                }

                count++;
            }

            if (count != GeneratedEntryCount)
            {
                throw new InvalidOperationException(
                    $"The built-in DICOM dictionary holds {count} entries instead of {GeneratedEntryCount}.");
            }

            // The 88 entries with repeating digits are made now: they are searched by pattern, not by row.
            var made = new DicomDictionaryEntry?[rows.Length];
            var patterns = repeating.ConvertAll(index => Make(rows, made, index));

            // Most specific pattern first, so that a narrower pattern wins over a wider one.
            patterns.Sort(static (a, b) =>
            {
                var bySpecificity = BitOperations.PopCount(b.TagMask).CompareTo(BitOperations.PopCount(a.TagMask));
                return bySpecificity != 0 ? bySpecificity : a.Tag.Value.CompareTo(b.Tag.Value);
            });
            var lists = new Dictionary<uint, List<DicomDictionaryEntry>>();
            foreach (var entry in patterns)
            {
                var key = (entry.TagMask >> 16) == 0xFFFF ? entry.Tag.Group : RepeatingGroupKey(entry.Tag.Group);
                if (!lists.TryGetValue(key, out var list))
                {
                    lists.Add(key, list = []);
                }

                list.Add(entry);
            }

            var repeatingByGroup = new Dictionary<uint, DicomDictionaryEntry[]>(lists.Count);
            foreach (var (key, list) in lists)
            {
                repeatingByGroup.Add(key, [.. list]);
            }

            return new Tables(rows, made, byTag, repeatingByGroup);
        }

        [System.Runtime.CompilerServices.MethodImpl(System.Runtime.CompilerServices.MethodImplOptions.NoInlining)]
        private static DicomDictionaryEntry Make(Row[] rows, DicomDictionaryEntry?[] made, int index)
        {
            var row = rows[index];
            var entry = new DicomDictionaryEntry(new DicomTag(row.Value), row.Mask, row.LineStart, row.LineLength, row.ValueRepresentations, row.IsRetired);
            return Interlocked.CompareExchange(ref made[index], entry, null) ?? entry;
        }

        private Dictionary<string, uint> IndexKeywords()
        {
            var index = new Dictionary<string, uint>(ByTag.Count, StringComparer.Ordinal);
            for (var i = 0; i < rows.Length; i++)
            {
                var keyword = KeywordUtf8(i);
                if (rows[i].Mask == uint.MaxValue && keyword.Length > 0)
                {
                    index.Add(System.Text.Encoding.ASCII.GetString(keyword), rows[i].Value);
                }
            }

            return index;
        }

        public DicomDictionaryEntry? FindRepeating(uint value)
        {
            var group = value >> 16;
            if ((group & 1) != 0)
            {
                return null; // every repeating entry is in an even group; odd groups are private
            }

            return Find(repeatingByGroup, group, value) ?? Find(repeatingByGroup, RepeatingGroupKey(group), value);

            static DicomDictionaryEntry? Find(Dictionary<uint, DicomDictionaryEntry[]> index, uint key, uint value)
            {
                if (index.TryGetValue(key, out var candidates))
                {
                    foreach (var entry in candidates)
                    {
                        if ((value & entry.TagMask) == entry.Tag.Value && IsRepeatingGroupAllowed(entry.TagMask, value))
                        {
                            return entry;
                        }
                    }
                }

                return null;
            }
        }

        /// <summary>The index key of entries whose group repeats (50xx, 60xx, 7Fxx): the fixed high byte, above any group number.</summary>
        private static uint RepeatingGroupKey(uint group) => 0x10000 | (group >> 8);

        /// <summary>
        /// Where the group itself repeats (50xx, 60xx, 7Fxx), only even groups qualify (odd ones are private; checked by the
        /// caller), and for curves and overlays only 5000-501E and 6000-601E (PS3.5 7.6).
        /// </summary>
        private static bool IsRepeatingGroupAllowed(uint mask, uint value)
        {
            var group = value >> 16;
            return (mask >> 16) == 0xFFFF || (group >> 8) is not (0x50 or 0x60) || (group & 0xFF) <= 0x1E;
        }

        private static ReadOnlySpan<byte> NextField(ref ReadOnlySpan<byte> rest)
        {
            var bar = rest.IndexOf((byte)'|');
            if (bar < 0)
            {
                throw Corrupt(rest);
            }

            var field = rest[..bar];
            rest = rest[(bar + 1)..];
            return field;
        }

        /// <summary>Parses the eight hex digits of a table line, X standing for a repeating digit.</summary>
        private static bool TryParsePattern(ReadOnlySpan<byte> text, out uint value, out uint mask)
        {
            value = 0;
            mask = 0;
            if (text.Length != 8)
            {
                return false;
            }

            foreach (var c in text)
            {
                value <<= 4;
                mask <<= 4;
                if (c == (byte)'X')
                {
                    continue;
                }

                var digit = HexDigit(c);
                if (digit < 0)
                {
                    return false;
                }

                value |= (uint)digit;
                mask |= 0xF;
            }

            return true;
        }

        private static int HexDigit(byte c) => c switch
        {
            >= (byte)'0' and <= (byte)'9' => c - '0',
            >= (byte)'A' and <= (byte)'F' => c - 'A' + 10,
            >= (byte)'a' and <= (byte)'f' => c - 'a' + 10,
            _ => -1,
        };

        private static InvalidOperationException Corrupt(ReadOnlySpan<byte> line) =>
            new($"The built-in DICOM dictionary has a malformed line: '{System.Text.Encoding.UTF8.GetString(line)}'.");

        /// <summary>An entry before it is made: what lookups need, and where its line is (24 bytes; a line is short).</summary>
        private readonly record struct Row(uint Value, uint Mask, int LineStart, ushort LineLength, DicomDictionaryEntry.VRList ValueRepresentations, bool IsRetired);

        /// <summary>The entries in table order, each made when first read.</summary>
        private sealed class EntryList(Tables tables) : IReadOnlyList<DicomDictionaryEntry>
        {
            public int Count => tables.Count;

            public DicomDictionaryEntry this[int index] => (uint)index < (uint)tables.Count
                ? tables.Entry(index)
                : throw new ArgumentOutOfRangeException(nameof(index));

            public IEnumerator<DicomDictionaryEntry> GetEnumerator()
            {
                for (var i = 0; i < tables.Count; i++)
                {
                    yield return tables.Entry(i);
                }
            }

            System.Collections.IEnumerator System.Collections.IEnumerable.GetEnumerator() => GetEnumerator();
        }
    }
}
