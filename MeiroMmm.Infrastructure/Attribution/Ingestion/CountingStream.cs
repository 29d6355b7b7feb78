namespace MeiroMmm.Infrastructure.Attribution.Ingestion;

/// <summary>
/// A read-only pass-through that counts bytes (for progress) and stops at <paramref name="limit"/> with
/// <see cref="UploadTooLargeException"/>, so a body without a Content-Length cannot exceed the configured size.
/// </summary>
public sealed class CountingStream(Stream inner, long limit) : Stream
{
    private long _read;
    public long BytesRead => Interlocked.Read(ref _read);

    public override int Read(byte[] buffer, int offset, int count) => Counted(inner.Read(buffer, offset, count));
    public override int Read(Span<byte> buffer) => Counted(inner.Read(buffer));
    public override async Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken ct) => Counted(await inner.ReadAsync(buffer.AsMemory(offset, count), ct));
    public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken ct = default) => Counted(await inner.ReadAsync(buffer, ct));

    private int Counted(int n)
    {
        if (Interlocked.Add(ref _read, n) > limit) throw new UploadTooLargeException(limit);
        return n;
    }

    public override bool CanRead => true;
    public override bool CanSeek => false;
    public override bool CanWrite => false;
    public override long Length => throw new NotSupportedException();
    public override long Position { get => BytesRead; set => throw new NotSupportedException(); }
    public override void Flush() { }
    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
    public override void SetLength(long value) => throw new NotSupportedException();
    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
}

/// <summary>The upload went past the size limit.</summary>
public sealed class UploadTooLargeException(long limit) : Exception($"The upload is larger than the limit of {limit:N0} bytes.")
{
    public long Limit { get; } = limit;
}
