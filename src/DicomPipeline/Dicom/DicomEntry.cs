using System.Runtime.CompilerServices;

namespace DicomPipeline.Dicom;

/// <summary>
/// One attribute as a dataset holds it: a value in memory is its tag, VR and the slice of an array that holds its bytes,
/// with no object of its own until a caller asks the dataset for a <see cref="DicomAttribute"/> (the public model),
/// which is then made once and kept here. A sequence, encapsulated pixel data and a value still in its source file are
/// always held as their object.
/// </summary>
/// <remarks>
/// Reading, de-identifying and writing a file go through entries only, so that an attribute costs its share of one
/// array (24 bytes) and not an object of 56 bytes and a list slot besides (issue 28: nothing allocated per element).
/// One reference per entry, not three (the VR is its number, the bytes an array and a range): entries are copied
/// whenever a dataset is cloned, compacted or snapshotted, and every reference copied into the heap costs a write
/// barrier. The names match <see cref="DicomElement"/>'s, so code that reads a value reads an entry the same way.
/// </remarks>
internal struct DicomEntry
{
    // For a value: the array holding its bytes (nobody asked an object of it), its element (made or given), or null when
    // empty. Read once into a local wherever it is tested: making the object swaps the array for an element of the
    // same bytes, so any one read is either and both are right. For a sequence or fragments: that object, never
    // changed, which _kind says without a type test.
    private object? _owner;
    private readonly int _offset;
    private readonly int _length;
    private readonly uint _tag;
    private readonly byte _vr;
    private readonly Kind _kind;

    /// <summary>A value in memory, with no object yet when its bytes are an array's (as every value read or set is).</summary>
    public DicomEntry(DicomTag tag, DicomVR vr, ReadOnlyMemory<byte> bytes)
    {
        _tag = tag.Value;
        _vr = vr.Index;
        _length = bytes.Length;
        if (bytes.IsEmpty)
        {
            return;
        }

        if (System.Runtime.InteropServices.MemoryMarshal.TryGetArray(bytes, out var segment))
        {
            _owner = segment.Array;
            _offset = segment.Offset;
        }
        else
        {
            _owner = new DicomElement(tag, vr, bytes);
        }
    }

    /// <summary>A value in memory held by an array slice (what the reader makes), with no object.</summary>
    public DicomEntry(DicomTag tag, DicomVR vr, ArraySegment<byte> bytes)
    {
        _tag = tag.Value;
        _vr = vr.Index;
        _length = bytes.Count;
        _offset = bytes.Offset;
        _owner = bytes.Count > 0 ? bytes.Array : null;
    }

    /// <summary>An attribute a caller made (or one made before): held as it is.</summary>
    public DicomEntry(DicomAttribute attribute)
    {
        _tag = attribute.Tag.Value;
        _vr = attribute.VR.Index;
        _owner = attribute;
        _length = attribute is DicomElement { Region: null } element ? element.MemoryBytes.Length : 0;
        _kind = attribute switch
        {
            DicomSequence => Kind.Sequence,
            DicomFragmentSequence => Kind.Fragments,
            _ => Kind.Value,
        };
    }

    private enum Kind : byte
    {
        Value,
        Sequence,
        Fragments,
    }

    public readonly DicomTag Tag => new(_tag);

    public readonly DicomVR VR => DicomVR.FromIndex(_vr);

    /// <summary>The value in memory; empty for a sequence, encapsulated pixel data or a value in the source file.</summary>
    public readonly ReadOnlyMemory<byte> MemoryBytes
    {
        get
        {
            var owner = _owner;
            return _kind != Kind.Value || owner is null ? default
                : owner is DicomElement element ? element.MemoryBytes
                : new ReadOnlyMemory<byte>(Unsafe.As<byte[]>(owner), _offset, _length);
        }
    }

    /// <summary>The value in memory as a span (see <see cref="MemoryBytes"/>), without going through a memory.</summary>
    public readonly ReadOnlySpan<byte> ValueSpan
    {
        get
        {
            var owner = _owner;
            return _kind != Kind.Value || owner is null ? default
                : owner is DicomElement element ? element.MemoryBytes.Span
                : new ReadOnlySpan<byte>(Unsafe.As<byte[]>(owner), _offset, _length);
        }
    }

    /// <summary>True for a plain value (in memory or in the source file): what a <see cref="DicomElement"/> would be.</summary>
    public readonly bool IsElement => _kind == Kind.Value;

    /// <summary>The sequence, when this is one.</summary>
    public readonly DicomSequence? Sequence => _kind == Kind.Sequence ? Unsafe.As<DicomSequence>(_owner) : null;

    /// <summary>The encapsulated pixel data, when this is that.</summary>
    public readonly DicomFragmentSequence? Fragments => _kind == Kind.Fragments ? Unsafe.As<DicomFragmentSequence>(_owner) : null;

    /// <summary>Where the value lies in its source file, when it was left there.</summary>
    public readonly BulkDataRegion? Region => _kind == Kind.Value ? (_owner as DicomElement)?.Region : null;

    /// <summary>True when the value is still in its source file rather than in memory.</summary>
    public readonly bool IsInSourceFile => Region is not null;

    /// <summary>The value's length in bytes, as encoded.</summary>
    public readonly long Length => Region?.Length ?? _length;

    /// <summary>The attribute object held, if one was made; <see langword="null"/> for a value nobody asked an object of.</summary>
    public readonly DicomAttribute? Held
    {
        get
        {
            var owner = _owner;
            return _kind != Kind.Value ? Unsafe.As<DicomAttribute>(owner) : owner as DicomElement;
        }
    }

    /// <summary>
    /// The public object for this attribute, made on the first call and kept (call it on the dataset's own entry, by
    /// reference, so that the same object comes back the next time). Threads asking at once all get the one that was
    /// kept: the first to swap it in wins, the others return the winner's.
    /// </summary>
    public DicomAttribute Attribute
    {
        get
        {
            var owner = _owner;
            if (_kind != Kind.Value || owner is DicomElement)
            {
                return Unsafe.As<DicomAttribute>(owner)!;
            }

            var bytes = owner is null ? default : new ReadOnlyMemory<byte>(Unsafe.As<byte[]>(owner), _offset, _length);
            var element = new DicomElement(Tag, VR, bytes);
            var previous = Interlocked.CompareExchange(ref _owner, element, owner);
            return ReferenceEquals(previous, owner) ? element : Unsafe.As<DicomElement>(previous)!;
        }
    }

    /// <summary>The element object held, or a new one for a value in memory that has none (not kept: for a passing use).</summary>
    public readonly DicomElement ToElement() => _owner as DicomElement ?? new DicomElement(Tag, VR, MemoryBytes);

    /// <summary>The encoded value; a value still in its source file is read from it.</summary>
    public readonly ReadOnlyMemory<byte> GetBytes() => Region is { } region ? region.ReadAll() : MemoryBytes;

    /// <inheritdoc/>
    public override readonly string ToString() => $"{Tag} {VR}";
}
