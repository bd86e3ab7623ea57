using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace QueueCtl.Actors.Workers;

/// <summary>
/// The part of epoll <see cref="ChildReaper"/> needs: a set of descriptors, each reported by its number when readable.
/// <c>struct epoll_event</c> is packed (12 bytes) on x86-64 and naturally aligned (16 bytes) elsewhere, so it is
/// read and written at computed offsets rather than declared.
/// </summary>
internal static unsafe partial class Epoll
{
    private const int EPOLL_CLOEXEC = 0x80000;
    private const int EPOLL_CTL_ADD = 1;
    private const int EPOLL_CTL_DEL = 2;
    private const uint EPOLLIN = 0x001;

    private static readonly int EventSize = RuntimeInformation.ProcessArchitecture == Architecture.X64 ? 12 : 16;

    /// <summary>Where <c>epoll_data_t</c> (64 bits) sits in an event, after the 32-bit event mask.</summary>
    private static readonly int DataOffset = EventSize - sizeof(long);

    /// <summary>A new, close-on-exec epoll descriptor, or -1 (errno set).</summary>
    public static int Create() => epoll_create1(EPOLL_CLOEXEC);

    /// <summary>Watches <paramref name="fd"/> for readability; 0, or -1 (errno set).</summary>
    public static int Add(int epoll, int fd)
    {
        var ev = stackalloc byte[16];
        Unsafe.WriteUnaligned(ev, EPOLLIN);
        Unsafe.WriteUnaligned(ev + DataOffset, (long)fd);
        return epoll_ctl(epoll, EPOLL_CTL_ADD, fd, ev);
    }

    /// <summary>Stops watching <paramref name="fd"/>, which must still be open.</summary>
    public static void Remove(int epoll, int fd) => epoll_ctl(epoll, EPOLL_CTL_DEL, fd, null);

    /// <summary>Sleeps until a watched descriptor is readable; fills <paramref name="ready"/> and returns how many, or -1 (errno set).</summary>
    public static int Wait(int epoll, Span<int> ready)
    {
        var events = stackalloc byte[EventSize * ready.Length];
        var count = epoll_wait(epoll, events, ready.Length, -1);
        for (var i = 0; i < count; i++)
        {
            ready[i] = (int)Unsafe.ReadUnaligned<long>(events + (i * EventSize) + DataOffset);
        }
        return count;
    }

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_create1(int flags);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_ctl(int epoll, int op, int fd, void* ev);

    [LibraryImport("libc", SetLastError = true)]
    private static partial int epoll_wait(int epoll, void* events, int maxEvents, int timeoutMs);
}
