using System.Buffers;
using System.Runtime.InteropServices;

namespace TrainingService.Core.Datasets;

/// <summary>
/// A <see cref="Memory{T}"/> of bytes over part of a float array, so async stream reads can fill the caller's
/// float[] directly instead of going through a byte[] and a copy.
/// </summary>
internal sealed class FloatBytesMemoryManager(float[] array, int start, int length) : MemoryManager<byte>
{
    private GCHandle _pin;

    public override Span<byte> GetSpan() => MemoryMarshal.AsBytes(array.AsSpan(start, length));

    public override unsafe MemoryHandle Pin(int elementIndex = 0)
    {
        if (!_pin.IsAllocated)
            _pin = GCHandle.Alloc(array, GCHandleType.Pinned);
        byte* pointer = (byte*)_pin.AddrOfPinnedObject() + ((long)start * sizeof(float)) + elementIndex;
        return new MemoryHandle(pointer, default, this);
    }

    public override void Unpin()
    {
        if (_pin.IsAllocated)
            _pin.Free();
    }

    protected override void Dispose(bool disposing) => Unpin();
}
