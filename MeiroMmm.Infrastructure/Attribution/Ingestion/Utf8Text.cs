using System.Globalization;
using System.Text;

namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// UTF-8 text built in one reused, growing byte array: the content hash of every journey in an upload is made from
/// one, without a string or an array per journey. Separators are the ASCII unit (0x1F) and record (0x1E) separators;
/// numbers are written invariant. Not thread-safe.
/// </summary>
internal sealed class Utf8Text
{
    private byte[] _buffer = new byte[1024];
    private int _length;

    public ReadOnlySpan<byte> Written => _buffer.AsSpan(0, _length);

    public Utf8Text Clear()
    {
        _length = 0;
        return this;
    }

    public Utf8Text Unit() => Byte(0x1f);

    public Utf8Text Record() => Byte(0x1e);

    public Utf8Text Append(string? value)
    {
        if (value is null) return this;
        Reserve(Encoding.UTF8.GetMaxByteCount(value.Length));
        _length += Encoding.UTF8.GetBytes(value, _buffer.AsSpan(_length));
        return this;
    }

    /// <summary>Nothing for null, as StringBuilder.Append does.</summary>
    public Utf8Text Append(long? value)
    {
        if (value is not { } v) return this;
        Reserve(20);
        v.TryFormat(_buffer.AsSpan(_length), out int written, provider: CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    public Utf8Text Append(double value, string format)
    {
        Reserve(32);
        value.TryFormat(_buffer.AsSpan(_length), out int written, format, CultureInfo.InvariantCulture);
        _length += written;
        return this;
    }

    private Utf8Text Byte(byte b)
    {
        Reserve(1);
        _buffer[_length++] = b;
        return this;
    }

    private void Reserve(int bytes)
    {
        if (_length + bytes > _buffer.Length) Array.Resize(ref _buffer, Math.Max(_buffer.Length * 2, _length + bytes));
    }
}
