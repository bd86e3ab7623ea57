using System.Runtime.InteropServices;
using System.Text;

namespace QueueCtl.Actors.Workers;

/// <summary>A NULL-terminated <c>char*[]</c> of UTF-8 strings in one native allocation, for argv and envp.</summary>
internal sealed unsafe class NativeStrings : IDisposable
{
    private readonly byte* _block;

    public byte** Pointers { get; }

    public NativeStrings(IReadOnlyList<string> strings)
    {
        var pointerBytes = (strings.Count + 1) * sizeof(byte*);
        var textBytes = 0;
        foreach (var s in strings)
        {
            textBytes += Encoding.UTF8.GetByteCount(s) + 1;
        }
        _block = (byte*)NativeMemory.Alloc((nuint)(pointerBytes + textBytes));
        Pointers = (byte**)_block;
        var text = _block + pointerBytes;
        for (var i = 0; i < strings.Count; i++)
        {
            Pointers[i] = text;
            var written = Encoding.UTF8.GetBytes(strings[i], new Span<byte>(text, textBytes));
            text[written] = 0;
            text += written + 1;
            textBytes -= written + 1;
        }
        Pointers[strings.Count] = null;
    }

    public byte* this[int index] => Pointers[index];

    public void Dispose() => NativeMemory.Free(_block);
}
