namespace DicomPipeline.Imaging;

/// <summary>
/// One decoded frame: samples interleaved pixel by pixel (R G B R G B…), each 1 byte or 2 bytes little endian, holding
/// the stored values as the file has them (not masked, not sign-extended, no LUT applied).
/// </summary>
internal sealed class PixelFrame
{
    public PixelFrame(int rows, int columns, int samplesPerPixel, int bytesPerSample, string photometricInterpretation, byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ArgumentNullException.ThrowIfNull(photometricInterpretation);
        if (data.Length != (long)rows * columns * samplesPerPixel * bytesPerSample)
        {
            throw new ArgumentException("The data does not hold rows × columns × samples × bytes per sample bytes.", nameof(data));
        }

        Rows = rows;
        Columns = columns;
        SamplesPerPixel = samplesPerPixel;
        BytesPerSample = bytesPerSample;
        PhotometricInterpretation = photometricInterpretation;
        Data = data;
    }

    public int Rows { get; }

    public int Columns { get; }

    public int SamplesPerPixel { get; }

    /// <summary>1 or 2.</summary>
    public int BytesPerSample { get; }

    /// <summary>
    /// The colour model of <see cref="Data"/>: the file's for native and lossless data, RGB where the codec converted
    /// (JPEG YCbCr, JPEG 2000 with a component transform), YBR_FULL for native YBR_FULL_422 once upsampled.
    /// </summary>
    public string PhotometricInterpretation { get; }

    public byte[] Data { get; }

    /// <summary>The sample at (<paramref name="row"/>, <paramref name="column"/>), component <paramref name="sample"/>.</summary>
    public int GetSample(int row, int column, int sample = 0)
    {
        var index = (((row * Columns) + column) * SamplesPerPixel) + sample;
        return BytesPerSample == 1 ? Data[index] : Data[index * 2] | (Data[(index * 2) + 1] << 8);
    }
}
