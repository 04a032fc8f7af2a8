using System.Runtime.InteropServices;

namespace DicomPipeline.Imaging.Interop;

/// <summary>
/// A codec's shared library, loaded on first use by its Debian soname through <see cref="NativeLibrary"/> and never
/// unloaded. Entry points are looked up by name, so a missing library (or an older one missing a function) is a
/// <see cref="PixelCodecException"/> with <see cref="PixelCodecException.IsCodecMissing"/> set: the caller holds the
/// file back with that one-line reason instead of passing its pixels on unread.
/// </summary>
internal sealed class NativeCodecLibrary
{
    private readonly Lazy<nint> _handle;

    public NativeCodecLibrary(string codecName, string debianPackage, params string[] sonames)
    {
        CodecName = codecName;
        DebianPackage = debianPackage;
        Sonames = sonames;
        _handle = new Lazy<nint>(Load, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public string CodecName { get; }

    public string DebianPackage { get; }

    public IReadOnlyList<string> Sonames { get; }

    /// <summary>Whether the library loads on this machine.</summary>
    public bool IsAvailable => _handle.Value != 0;

    /// <summary>The one-line reason given when the library is missing.</summary>
    public string MissingReason => $"{CodecName} is not installed ({string.Join(" or ", Sonames)}, Debian package {DebianPackage})";

    /// <summary>The address of <paramref name="name"/>.</summary>
    /// <exception cref="PixelCodecException">The library or the function is missing.</exception>
    public nint GetExport(string name)
    {
        var handle = _handle.Value;
        if (handle == 0)
        {
            throw new PixelCodecException(MissingReason, isCodecMissing: true);
        }

        return NativeLibrary.TryGetExport(handle, name, out var address)
            ? address
            : throw new PixelCodecException($"{CodecName} lacks {name}: the installed version is too old", isCodecMissing: true);
    }

    private nint Load()
    {
        foreach (var soname in Sonames)
        {
            if (NativeLibrary.TryLoad(soname, out var handle))
            {
                return handle;
            }
        }

        return 0;
    }
}
